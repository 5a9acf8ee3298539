import Foundation
@testable import Parquet
import SeededRandom
import Testing
import TestFixtures
import TikiJSON
import TikiSchema
@testable import Columnar

/// The streaming path (`BatchShredder` → `RowBatch`) against the general one (`JSONParser` → `SchemaMapping.row` →
/// `ParquetWriter.write(row:)`): the same bytes out, and the same error for every bad record.
@Suite struct BatchShredderTests {
    let schema = try! Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product-extended.json")

    /// The records written with members shuffled, some nullable members left out, unknown and repeated members
    /// added, and a key written with an escape: what other tools' JSON may look like.
    func scrambledBatch(_ records: [JSONValue], seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        let nullable = Set(schema.fields.filter(\.nullable).map(\.name))
        var text = "[\n"
        for (i, record) in records.enumerated() {
            var members = record.objectValue!.pairs.map { (key: $0.0, value: $0.1) }
            members.shuffle(using: &random)
            members.removeAll { nullable.contains($0.key) && Int.random(in: 0..<8, using: &random) == 0 }
            var parts = members.map { "\(String(decoding: JSONWriter.encode(.string($0.key)), as: UTF8.self)): \(String(decoding: JSONWriter.encode($0.value), as: UTF8.self))" }
            if Int.random(in: 0..<4, using: &random) == 0 { parts.insert("\"unknown\": {\"deep\": [1, \"x\", null]}", at: 0) }
            if let first = members.first, Int.random(in: 0..<5, using: &random) == 0 {
                parts.append("\(String(decoding: JSONWriter.encode(.string(first.key)), as: UTF8.self)): \"a repeat, ignored\"")
            }
            if Int.random(in: 0..<6, using: &random) == 0, let at = parts.firstIndex(where: { $0.hasPrefix("\"name\":") }) {
                parts[at] = "\"n\\u0061me\"" + parts[at].dropFirst(6)
            }
            text += "{" + parts.joined(separator: ", ") + "}" + (i == records.count - 1 ? "\n" : ",\n")
        }
        return Array((text + "]\n").utf8)
    }

    /// Parquet bytes of `batches` written row by row through `SchemaMapping`.
    func rowByRow(_ batches: [[UInt8]], options: ParquetWriterOptions) throws -> [UInt8] {
        let output = MemoryOutput()
        let writer = try ParquetWriter(schema: SchemaMapping.parquetSchema(schema), options: options, output: output)
        for batch in batches {
            for record in try JSONParser.parse(batch).arrayValue! { try writer.write(row: SchemaMapping.row(record, schema: schema)) }
        }
        try writer.close()
        return output.bytes
    }

    /// Parquet bytes of `batches` shredded a file at a time.
    func shredded(_ batches: [[UInt8]], options: ParquetWriterOptions) throws -> [UInt8] {
        let output = MemoryOutput()
        let writer = try ParquetWriter(schema: SchemaMapping.parquetSchema(schema), options: options, output: output)
        let shredder = BatchShredder(schema: schema)
        for (i, batch) in batches.enumerated() {
            let rows = try batch.withUnsafeBufferPointer { try shredder.rows(of: $0, file: "b\(i).json").get() }
            try writer.write(rows)
            shredder.recycle(rows)
        }
        try writer.close()
        return output.bytes
    }

    @Test(arguments: [(rows: 1_000_000, bytes: 32 << 20), (rows: 37, bytes: 32 << 20), (rows: 1_000_000, bytes: 9_000)])
    func shreddedOutputIsByteIdenticalToRowByRow(limits: (rows: Int, bytes: Int)) throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("BatchShredderTests seed \(seed)")
        let records = extendedRecords(600)
        let batches = stride(from: 0, to: 600, by: 150).enumerated().map { scrambledBatch(Array(records[$1..<($1 + 150)]), seed: seed &+ UInt64($0)) }
        var options = ParquetWriterOptions()
        options.rowGroupRows = limits.rows
        options.rowGroupBytes = limits.bytes
        let expected = try rowByRow(batches, options: options)
        #expect(try shredded(batches, options: options) == expected, "seed \(seed)")
        let groups = try ParquetFileReader(data: Data(expected), name: "expected").metadata.rowGroups.count
        #expect(limits.rows == 37 ? groups == 17 : limits.bytes < 1 << 20 ? groups > 4 : groups == 1)
    }

    /// A batch given back is refilled only once the writer, which drafts its row group's pages from it, lets go.
    @Test func aBatchIsRefilledOnlyOnceTheWriterLetsGoOfIt() throws {
        let writer = try ParquetWriter(schema: SchemaMapping.parquetSchema(schema), output: MemoryOutput())
        let shredder = BatchShredder(schema: schema)
        let text = JSONWriter.encode(.array(extendedRecords(20)))
        func shred() throws -> RowBatch { try text.withUnsafeBufferPointer { try shredder.rows(of: $0, file: "b.json").get() } }
        /// Where a batch keeps its first column's levels: the same memory when a batch is refilled.
        func memory(_ batch: RowBatch) -> UnsafePointer<UInt8>? {
            batch.columns.first { !$0.definitionLevels.isEmpty }?.definitionLevels.withUnsafeBufferPointer(\.baseAddress)
        }
        var first: RowBatch? = try shred()
        let firstMemory = try #require(memory(first!))
        try writer.write(first!)
        shredder.recycle(first!)
        first = nil
        let second = try shred()
        #expect(memory(second) != firstMemory, "refilled while its row group was open")
        try writer.write(second)
        try writer.close()
        #expect(memory(try shred()) == firstMemory, "not refilled once the file was written")
    }

    @Test func jsonLinesAndEmptyInputsShredLikeTheParser() throws {
        let lines = JSONWriter.encodeLines(extendedRecords(40))
        let shredder = BatchShredder(schema: schema)
        let rows = try lines.withUnsafeBufferPointer { try shredder.rows(of: $0, file: "x.jsonl").get() }
        #expect(rows.rowCount == 40)
        for empty in ["", " \n", "[]", "[ ]\n"] {
            let none = try Array(empty.utf8).withUnsafeBufferPointer { try shredder.rows(of: $0, file: "e.json").get() }
            #expect(none.rowCount == 0)
        }
    }

    /// (batch text, the error the general path gives), for each kind of bad input.
    static let badInputs: [String] = [
        #"[{"id": "12", "name": "x", "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"name": "x", "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": null, "name": "x", "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z", "brand": {"id": "b"}}]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z", "images": ["a", 3]}]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z", "images": "a"}]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z", "specifications": [{"name": "n", "attributes": [{"code": 5}]}]}]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "yesterday"}]"#,
        #"[{"id": 1, "name": 5, "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": 1, "name": {"a": 1}, "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[[1, 2]]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z"}, 7]"#,
        "[{\"id\": 1, \"name\": \"x\", \"fetched_at\": \"2026-01-01T00:00:00Z\", \"description\": \"\u{1}\"}]",
        #"[{"id": 1, "name": "x" "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z"}"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z"}, {"id": 2,"#,
        "{\"id\": 1, \"name\": \"x\", \"fetched_at\": \"2026-01-01T00:00:00Z\"}\n{\"id\": 2, \"name\": \"x\",\n\"fetched_at\": }\n",
        #"{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z"} [1]"#,
        #"[{"id": 1, "name": "x", "fetched_at": "2026-01-01T00:00:00Z"}] {"id": 2}"#,
    ]

    @Test(arguments: badInputs)
    func badInputGivesTheGeneralPathsError(text: String) throws {
        let bytes = Array(text.utf8)
        let general: String = {
            let values: [JSONValue]
            do { values = try JSONParser.parseSequence(bytes) } catch { return "b.json: malformed JSON at \(error)" }
            let records = values.count == 1 && values[0].arrayValue != nil ? values[0].arrayValue! : values
            for (i, record) in records.enumerated() {
                do { _ = try SchemaMapping.row(record, schema: schema) } catch { return "b.json:\(i + 1): \(error)" }
            }
            return "no error"
        }()
        let streaming: String
        switch bytes.withUnsafeBufferPointer({ BatchShredder(schema: schema).rows(of: $0, file: "b.json") }) {
        case .success: streaming = "no error"
        case .failure(let error): streaming = error.description
        }
        #expect(general != "no error")
        #expect(streaming == general)
    }

    /// The first record's name, as written to a file, when `batch` is read repairing invalid UTF-8.
    func repairedName(_ batch: [UInt8]) throws -> ParquetValue {
        let repaired = try batch.withUnsafeBufferPointer { try BatchShredder(schema: schema, invalidUTF8: .repair).rows(of: $0, file: "u.json").get() }
        let output = MemoryOutput()
        let writer = try ParquetWriter(schema: SchemaMapping.parquetSchema(schema), output: output)
        try writer.write(repaired)
        try writer.close()
        return try ParquetFileReader(data: Data(output.bytes), name: "repaired").readRows(limit: 1)[0][1]
    }

    /// Invalid UTF-8 in a name, after plain text or after an escape (which is unescaped straight into the column):
    /// refused with the general path's error, or repaired as `String(decoding:)` repairs it.
    @Test(arguments: [(#"a"#, "a"), (#"a\n"#, "a\n")])
    func invalidUTF8IsRejectedOrRepairedAsByTheParser(before: String, decoded: String) throws {
        let bytes = Array(#"[{"id": 1, "name": ""#.utf8) + Array(before.utf8) + [0xC3, 0x28]
            + Array(#"", "fetched_at": "2026-01-01T00:00:00Z"}]"#.utf8)
        let general: String = {
            do { _ = try JSONParser.parseSequence(bytes) } catch { return "u.json: malformed JSON at \(error)" }
            return "accepted"
        }()
        let rejected = bytes.withUnsafeBufferPointer { BatchShredder(schema: schema).rows(of: $0, file: "u.json") }
        guard case .failure(let error) = rejected else { Issue.record("accepted invalid UTF-8"); return }
        #expect(error.message.contains("invalid UTF-8 in a string (member \"name\")"))
        #expect(error.description == general)
        #expect(try repairedName(bytes) == .string(decoded + "\u{FFFD}("))
    }
}

/// Collects a writer's bytes.
final class MemoryOutput: ParquetOutput {
    var bytes: [UInt8] = []
    func write(_ chunk: [UInt8]) throws { bytes += chunk }
}
