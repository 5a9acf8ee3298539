import Columnar
import Foundation
import Parquet
import Testing
import TikiJSON
import TikiSchema
@testable import PostgresLoad

private func scratchDirectory() -> String {
    let path = NSTemporaryDirectory() + "tiki-pgload-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func write(_ text: String, to path: String) {
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}

private func encoder(_ schema: Schema = .tikiProduct) throws -> ChunkEncoder {
    let table = try TableDefinition(name: "products", schema: schema)
    return ChunkEncoder(schema: schema, columns: table.columns, nulPolicy: .reject, invalidUTF8: .reject)
}

@Suite struct ChunkEncoderTests {
    static let batch = """
        [
        {"id": 1, "name": "Bút bi\\tđỏ", "url_key": "but-bi", "price": 5000, "description": "dòng 1\\ndòng 2 \\\\ hết", "images": ["a.jpg", "b \\"c\\".jpg"]},
        {"id": 2, "name": "Sổ", "url_key": null, "price": null, "description": null, "images": null},
        {"id": 3, "name": "Thước", "images": []}
        ]
        """

    @Test func aBatchBecomesCOPYText() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write(Self.batch, to: "\(dir)/products_001.json")
        let chunk = try encoder().encodeJSONBatch("\(dir)/products_001.json")
        #expect(chunk.rows == 3)
        #expect(String(decoding: chunk.bytes, as: UTF8.self) == """
            1\tBút bi\\tđỏ\tbut-bi\t5000\tdòng 1\\ndòng 2 \\\\ hết\t{"a.jpg","b \\\\"c\\\\".jpg"}
            2\tSổ\t\\N\t\\N\t\\N\t\\N
            3\tThước\t\\N\t\\N\t\\N\t{}

            """)
    }

    @Test func aBadRecordIsNamedByFileRecordAndField() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write("{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2, \"name\": \"b\", \"price\": \"cheap\"}\n", to: "\(dir)/b.jsonl")
        write("{\"id\": 1, \"name\": \"a\\u0000b\"}\n", to: "\(dir)/nul.jsonl")
        write("[{\"id\": 1, \"name\": \"a\"", to: "\(dir)/cut.json")
        write("{\"name\": \"no id\"}\n", to: "\(dir)/noid.jsonl")
        let e = try encoder()
        #expect(throws: LoadError.self) { try e.encodeJSONBatch("\(dir)/b.jsonl") }
        func message(_ file: String) -> String {
            do {
                _ = try e.encodeJSONBatch("\(dir)/\(file)")
                return ""
            } catch {
                return error.message
            }
        }
        #expect(message("b.jsonl").hasPrefix("\(dir)/b.jsonl:2: field 'price': expected int64"))
        #expect(message("nul.jsonl").contains("\(dir)/nul.jsonl:1: column name: contains U+0000"))
        #expect(message("cut.json").contains("\(dir)/cut.json"))
        #expect(message("noid.jsonl").hasPrefix("\(dir)/noid.jsonl:1: field 'id': missing required field"))
        #expect(message("missing.json").contains("missing.json"))
        // The remedy is typed, for the caller to word: the message names no flag.
        #expect(throws: LoadError(.input, message("nul.jsonl"), remedy: .stripNUL)) { try e.encodeJSONBatch("\(dir)/nul.jsonl") }
        #expect(throws: LoadError(.input, message("b.jsonl"), remedy: nil)) { try e.encodeJSONBatch("\(dir)/b.jsonl") }
        #expect(!message("nul.jsonl").contains("--"))
    }

    @Test func parquetOfOursGivesTheSameTextAsItsBatches() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write(Self.batch, to: "\(dir)/products_001.json")
        var options = ParquetWriterOptions()
        options.rowGroupRows = 2
        let converter = Converter(schema: .tikiProduct, options: options)
        _ = try converter.convert(["\(dir)/products_001.json"], to: .file("\(dir)/p.parquet"))
        var e = try encoder()
        e.parquetRowsPerChunk = 1
        let fromJSON = try e.encodeJSONBatch("\(dir)/products_001.json")
        let reader = try e.openParquet("\(dir)/p.parquet")
        #expect(reader.metadata.rowGroups.count == 2)
        var bytes: [UInt8] = []
        var firstRecords: [Int] = []
        var row = 1
        for group in reader.metadata.rowGroups.indices {
            for chunk in try e.encodeParquet(reader, rowGroup: group, firstRow: row) {
                bytes += chunk.bytes
                firstRecords.append(chunk.firstRecord)
            }
            row += Int(reader.metadata.rowGroups[group].numRows)
        }
        #expect(bytes == fromJSON.bytes)
        #expect(firstRecords == [1, 2, 3])

        // A Parquet file of another schema is refused, naming both.
        let other = Schema(name: "other", fields: [Field(name: "id", type: .int64, nullable: false), Field(name: "name", type: .string)])
        #expect(throws: LoadError.self) { try encoder(other).openParquet("\(dir)/p.parquet") }
    }

    @Test func foldersExpandToTheirBatchesOrTheirParquetParts() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/json", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(dir)/parts", withIntermediateDirectories: true)
        write("[]", to: "\(dir)/json/products_002.json")
        write("[]", to: "\(dir)/json/products_001.json")
        write("x", to: "\(dir)/parts/part-00001.parquet")
        write("x", to: "\(dir)/parts/part-00000.parquet")
        #expect(try LoadInput.expand(["\(dir)/json", "\(dir)/parts", "\(dir)/x.parquet"].dropLast() + ["\(dir)/json/products_001.json"]) == [
            .jsonBatch("\(dir)/json/products_001.json"), .jsonBatch("\(dir)/json/products_002.json"),
            .parquet("\(dir)/parts/part-00000.parquet"), .parquet("\(dir)/parts/part-00001.parquet"),
            .jsonBatch("\(dir)/json/products_001.json"),
        ])
        #expect(throws: LoadError.self) { try LoadInput.expand(["\(dir)/nothing-here"]) }
    }
}
