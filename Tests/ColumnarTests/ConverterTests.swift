import BatchStore
import Foundation
import Parquet
import Testing
import TikiJSON
import TestFixtures
import TikiSchema
@testable import Columnar

func scratchDirectory() -> String {
    let path = NSTemporaryDirectory() + "tiki-columnar-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct ConverterTests {
    @Test func convertsBatchesAndReadsBackEveryValue() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let records = extendedRecords(450)
        try BatchFile.write(Array(records[..<200]), to: "\(dir)/products_001.json")
        try BatchFile.write(Array(records[200...]), to: "\(dir)/products_002.json")
        let schema = try Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product-extended.json")
        var options = ParquetWriterOptions()
        options.rowGroupRows = 128
        let out = "\(dir)/out.parquet"
        let summary = try Converter(schema: schema, options: options).convert(try BatchInputs.expand([dir]), to: .file(out))
        #expect(summary.rows == 450)
        #expect(summary.files == [out])
        let inspector = try Inspector(path: out)
        #expect(inspector.reader.metadata.rowGroups.count == 4)
        let back = try inspector.head(1000)
        #expect(back.count == 450)
        for (original, read) in zip(records, back) {
            // Ints written where the schema says double come back as doubles; timestamps as ISO strings.
            var expected = original.objectValue!
            if let r = expected["rating_average"], let d = r.doubleValue { expected["rating_average"] = .double(d) }
            #expect(read == .object(expected))
        }
        let kv = inspector.reader.metadata.keyValueMetadata.first { $0.key == "tiki.schema" }
        #expect(try Schema.decode(JSONParser.parse(kv!.value!), file: "kv") == schema)
    }

    @Test func malformedBatchNamesFileAndRecordAndLeavesNoOutput() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BatchFile.write(extendedRecords(3), to: "\(dir)/a.json")
        var bad = extendedRecords(5)
        bad[3] = .object(JSONObject(["id": "not a number", "name": "x", "fetched_at": "2026-01-01"]))
        try BatchFile.write(bad, to: "\(dir)/b.json")
        let schema = try Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product-extended.json")
        let out = "\(dir)/out.parquet"
        do {
            _ = try Converter(schema: schema, options: .init()).convert(try BatchInputs.expand([dir]), to: .file(out))
            Issue.record("expected an error")
        } catch let error as ConvertError {
            #expect(error.file == "\(dir)/b.json")
            #expect(error.record == 4)
            #expect(error.message.contains("'id'"))
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["a.json", "b.json"])
    }

    @Test func truncatedJSONNamesTheFile() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("[{\"id\": 1},\n{\"id\": ".utf8).write(to: URL(fileURLWithPath: "\(dir)/broken.json"))
        let schema = Schema(name: "s", fields: [Field(name: "id", type: .int64)])
        let error = #expect(throws: ConvertError.self) {
            try Converter(schema: schema, options: .init()).convert(["\(dir)/broken.json"], to: .file("\(dir)/o.parquet"))
        }
        #expect(error?.file == "\(dir)/broken.json")
        #expect(error?.description.hasPrefix("\(dir)/broken.json") == true)
        #expect(error?.description.contains("line 2") == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/o.parquet"))
    }

    @Test func directoryOutputSplitsIntoPartsAndReplacesEarlierParts() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try BatchFile.write(extendedRecords(25), to: "\(dir)/in.jsonl")
        let schema = try BatchInputs.inferSchema(["\(dir)/in.jsonl"])
        let outDir = "\(dir)/parts"
        try AtomicFile.createDirectory(outDir)
        try AtomicFile.write([1, 2, 3], to: "\(outDir)/part-00009.parquet")
        let summary = try Converter(schema: schema, options: .init()).convert(["\(dir)/in.jsonl"], to: .directory(outDir, maxRowsPerFile: 10))
        #expect(summary.files.map { ($0 as NSString).lastPathComponent } == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outDir).sorted() == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"])
        let counts = try summary.files.map { try ParquetFileReader(path: $0).metadata.numRows }
        #expect(counts == [10, 10, 5])
    }

    @Test func inferredSchemaConvertsJSONLinesFromOtherTools() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = """
            {"sku": "a", "qty": 1, "price": 2.5, "tags": ["x"], "meta": {"ok": true}}
            {"sku": "b", "qty": 2, "price": 3, "tags": [], "meta": {"ok": false, "note": "n"}, "extra": null}
            """
        try Data(lines.utf8).write(to: URL(fileURLWithPath: "\(dir)/other.jsonl"))
        let schema = try BatchInputs.inferSchema(["\(dir)/other.jsonl"])
        #expect(schema.fieldNames == ["sku", "qty", "price", "tags", "meta", "extra"])
        let out = "\(dir)/o.parquet"
        _ = try Converter(schema: schema, options: .init()).convert(["\(dir)/other.jsonl"], to: .file(out))
        let rows = try Inspector(path: out).head(2)
        #expect(rows[0]["price"] == .double(2.5))
        #expect(rows[1]["price"] == .double(3))
        #expect(rows[1]["meta"] == ["ok": false, "note": "n"])
        #expect(rows[0]["meta"] == ["ok": true, "note": nil])
        #expect(rows[0]["extra"] == .null)
    }

    @Test func schemaMapsToParquetTypes() {
        let schema = Schema(name: "s", fields: [
            Field(name: "t", type: .timestamp, nullable: false),
            Field(name: "l", type: .list(.int32)),
            Field(name: "g", type: .struct([Field(name: "x", type: .boolean)])),
        ])
        let parquet = SchemaMapping.parquetSchema(schema)
        #expect(parquet.columns.map { $0.path.joined(separator: ".") } == ["t", "l.list.element", "g.x"])
        #expect(parquet.columns[0].logicalType == .timestampMicrosUTC)
        #expect(parquet.columns[0].maxDefinitionLevel == 0)
        #expect(parquet.columns[1].maxDefinitionLevel == 3)
        #expect(parquet.elements.map(\.name) == ["schema", "t", "l", "list", "element", "g", "x"])
    }

    @Test func inferringConvertKeepsTheFirstFilesGuessOnlyWhenEveryRecordFitsIt() throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(#"{"sku": "a", "qty": 1}"#.utf8).write(to: URL(fileURLWithPath: "\(dir)/1.jsonl"))
        try Data(#"{"sku": "b", "qty": 2}"#.utf8).write(to: URL(fileURLWithPath: "\(dir)/2.jsonl"))
        let same = try Converter.convertInferringSchema(["\(dir)/1.jsonl", "\(dir)/2.jsonl"], options: .init(), to: .file("\(dir)/same.parquet"))
        #expect(same.schema == (try BatchInputs.inferSchema(["\(dir)/1.jsonl", "\(dir)/2.jsonl"])))
        #expect(same.summary.rows == 2)

        // A field that only the second file has, and a type that widens: the guess is dropped, all is inferred.
        try Data(#"{"sku": "c", "qty": 2.5, "note": "n"}"#.utf8).write(to: URL(fileURLWithPath: "\(dir)/3.jsonl"))
        let files = ["\(dir)/1.jsonl", "\(dir)/3.jsonl"]
        let out = "\(dir)/wider.parquet"
        let wider = try Converter.convertInferringSchema(files, options: .init(), to: .file(out))
        #expect(wider.schema == (try BatchInputs.inferSchema(files)))
        #expect(wider.schema.fieldNames == ["sku", "qty", "note"])
        let rows = try Inspector(path: out).head(2)
        #expect(rows[0]["qty"] == .double(1))
        #expect(rows[1]["note"] == .string("n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }.isEmpty)
    }

    /// Second files that look like the first but would change a full inference: each must drop the guess.
    static let guessBreakers = [
        #"{"sku": "b", "qty": 2.0, "dim": {"w": 1}, "tags": ["x"]}"#,
        #"{"sku": "b", "qty": 2, "dim": {"w": 1, "h": 3}, "tags": ["x"]}"#,
        #"{"sku": "b", "qty": 2, "dim": {"w": 1}, "tags": ["x"], "qty": 2.5}"#,
        #"{"sku": "b", "qty": null, "dim": {"w": 1}, "tags": ["x"]}"#,
        #"{"sku": "b", "dim": {"w": 1}, "tags": ["x"]}"#,
        #"{"sku": "b", "qty": 2, "dim": {"w": 1.5}, "tags": ["x"]}"#,
        #"{"sku": "b", "qty": 2, "dim": {"w": 1}, "tags": [1]}"#,
        #"{"sku": "b", "qty": 2, "dim": {"w": 1}, "tags": ["x"]}"#,
    ]

    @Test(arguments: guessBreakers)
    func inferringConvertEndsWithTheSchemaOfAFullInference(second: String) throws {
        let dir = scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(#"{"sku": "a", "qty": 1, "dim": {"w": 2}, "tags": []}"#.utf8).write(to: URL(fileURLWithPath: "\(dir)/1.jsonl"))
        try Data(second.utf8).write(to: URL(fileURLWithPath: "\(dir)/2.jsonl"))
        let files = ["\(dir)/1.jsonl", "\(dir)/2.jsonl"]
        let full = try BatchInputs.inferSchema(files)
        let inferred = try Converter.convertInferringSchema(files, options: .init(), to: .file("\(dir)/a.parquet"))
        #expect(inferred.schema == full)
        _ = try Converter(schema: full, options: .init()).convert(files, to: .file("\(dir)/b.parquet"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a.parquet")) == Data(contentsOf: URL(fileURLWithPath: "\(dir)/b.parquet")))
    }
}
