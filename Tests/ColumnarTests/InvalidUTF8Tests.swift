import Columnar
import Foundation
import Parquet
import Testing
import TikiSchema

@Suite struct InvalidUTF8Tests {
    @Test func convertRejectsBytesThatAreNotUTF8UnlessAskedToRepair() throws {
        let folder = NSTemporaryDirectory() + "utf8-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/b.json"
        let bytes: [UInt8] = Array(#"[{"id": 1, "name": "a"#.utf8) + [0xFF, 0xFE] + Array(#"b"}]"#.utf8)
        FileManager.default.createFile(atPath: input, contents: Data(bytes))
        let schema = Schema(name: "t", fields: [Field(name: "id", type: .int64), Field(name: "name", type: .string)])
        var converter = Converter(schema: schema, options: ParquetWriterOptions())
        do {
            _ = try converter.convert([input], to: .file(folder + "/out.parquet"))
            Issue.record("invalid UTF-8 was converted silently")
        } catch {
            #expect("\(error)".contains("b.json"))
            #expect("\(error)".contains(#"invalid UTF-8 in a string (member "name")"#))
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.parquet"))
        converter.invalidUTF8 = .repair
        let summary = try converter.convert([input], to: .file(folder + "/out.parquet"))
        #expect(summary.rows == 1)
    }
}
