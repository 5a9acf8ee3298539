import Columnar
import Foundation
import Parquet
import SeededRandom
import TestFixtures
import Testing
import TikiJSON
import TikiSchema
@testable import PostgresLoad

/// The streaming COPY path (`RecordWalker` → `CopyRowSink`) against the row path (`JSONParser` →
/// `SchemaMapping.row` → `CopyTextEncoder.append(row:)`, which Parquet input still takes): the same bytes, and
/// the same error for every bad record.
@Suite struct CopyRowSinkTests {
    let schema = try! Schema.load(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schemas/tiki-product-extended.json").path)

    func encoder(nul: CopyTextEncoder.NulPolicy = .reject) throws -> ChunkEncoder {
        ChunkEncoder(schema: schema, columns: try TableDefinition(name: "p", schema: schema).columns, nulPolicy: nul, invalidUTF8: .reject)
    }

    /// The row path's COPY text for a batch, or its error worded as the load words it.
    func rowPath(_ text: String, file: String, nul: CopyTextEncoder.NulPolicy = .reject) throws -> String {
        let values: [JSONValue]
        do { values = try JSONParser.parseSequence(Array(text.utf8)) } catch { return "\(file): malformed JSON at \(error)" }
        let records = values.count == 1 && values[0].arrayValue != nil ? values[0].arrayValue! : values
        var copy = CopyTextEncoder(columns: try TableDefinition(name: "p", schema: schema).columns, nulPolicy: nul)
        for (i, record) in records.enumerated() {
            do { try copy.append(row: try SchemaMapping.row(record, schema: schema)) } catch { return "\(file):\(i + 1): \(error)" }
        }
        return String(decoding: copy.bytes, as: UTF8.self)
    }

    func streamed(_ text: String, nul: CopyTextEncoder.NulPolicy = .reject) throws -> String {
        let path = NSTemporaryDirectory() + "tiki-copy-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        do {
            return String(decoding: try encoder(nul: nul).encodeJSONBatch(path).bytes, as: UTF8.self)
        } catch {
            return "\((error as! LoadError).message)".replacingOccurrences(of: path, with: "b.json")
        }
    }

    /// Records of every shape the extended schema has (structs, lists of structs, timestamps, nulls), members
    /// shuffled and some nullable ones left out.
    func batch(seed: UInt64) -> String {
        var random = SplitMix64(seed: seed)
        let nullable = Set(schema.fields.filter(\.nullable).map(\.name))
        let records: [String] = (0..<120).map { i in
            var record = extendedRecord(i).objectValue!.pairs.map { ($0.0, $0.1) }
            record.shuffle(using: &random)
            record.removeAll { nullable.contains($0.0) && Int.random(in: 0..<6, using: &random) == 0 }
            return "{" + record.map { "\"\($0.0)\": \(String(decoding: JSONWriter.encode($0.1), as: UTF8.self))" }.joined(separator: ", ") + "}"
        }
        return "[\n" + records.joined(separator: ",\n") + "\n]\n"
    }

    @Test func streamedCOPYTextIsTheRowPathsByteForByte() throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("CopyRowSinkTests seed \(seed)")
        let text = batch(seed: seed)
        let expected = try rowPath(text, file: "b.json")
        #expect(expected.hasPrefix("1000\t"))
        #expect(try streamed(text) == expected, "seed \(seed)")
    }

    static let badBatches = [
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z", "brand": {"id": "x"}}]"#,
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z", "specifications": [{"attributes": [{"code": 1}]}]}]"#,
        #"[{"id": 1, "name": "a\u0000b", "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z", "breadcrumbs": ["x\u0000"]}]"#,
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z", "brand": {"name": "n\u0000"}}]"#,
        #"[{"id": 1, "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": null, "name": "a", "fetched_at": "2026-01-01T00:00:00Z"}]"#,
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z", "price": 1.5}]"#,
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z"}, {"id": 2, "name": "b"}]"#,
        #"[{"id": 1, "name": "a", "fetched_at": "2026-01-01T00:00:00Z",]"#,
    ]

    @Test(arguments: badBatches)
    func aBadRecordFailsWithTheRowPathsError(text: String) throws {
        let expected = try rowPath(text, file: "b.json")
        #expect(!expected.hasPrefix("1\t"))
        #expect(try streamed(text) == expected)
    }

    @Test func strippedNULsAreCountedAsByTheRowPath() throws {
        let text = #"[{"id": 1, "name": "a\u0000b", "fetched_at": "2026-01-01T00:00:00Z", "brand": {"name": "n\u0000"}, "breadcrumbs": ["x\u0000", null]}]"#
        let expected = try rowPath(text, file: "b.json", nul: .strip)
        #expect(try streamed(text, nul: .strip) == expected)
        let path = NSTemporaryDirectory() + "tiki-copy-" + UUID().uuidString + ".json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        #expect(try encoder(nul: .strip).encodeJSONBatch(path).strippedValues == 3)
    }
}
