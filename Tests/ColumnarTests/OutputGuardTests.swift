import Columnar
import Foundation
import Testing

@Suite struct OutputGuardTests {
    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "guard-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/batches", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path + "/batches/a.jsonl", contents: Data(#"{"id": 1}"#.utf8))
        return path
    }

    func message(_ destination: ConvertDestination, _ inputs: [String]) -> String? {
        do { try OutputGuard.check(destination, inputs: inputs) } catch { return error.message }
        return nil
    }

    @Test func anOutputThatIsAnInputIsRefused() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let input = root + "/batches/a.jsonl"
        #expect(message(.file(input), [input])?.contains("is also an input") == true)
        // The same file by another spelling.
        #expect(message(.file(root + "/batches/../batches/a.jsonl"), [input])?.contains("is also an input") == true)
        #expect(message(.file(root + "/batches/out.parquet"), [root + "/batches"])?.contains("inside the input folder") == true)
        #expect(message(.directory(root, maxRowsPerFile: 10), [root + "/batches"])?.contains("holds the input") == true)
        #expect(message(.file(root + "/out.parquet"), [root + "/batches"]) == nil)
    }

    @Test func aFolderForAFileAndAMissingFolderAreNamed() throws {
        let root = try folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(message(.file(root), [root + "/batches/a.jsonl"])?.contains("is a folder") == true)
        #expect(message(.file(root + "/missing/out.parquet"), [root + "/batches"])?.contains("does not exist") == true)
        #expect(message(.directory(root + "/batches/a.jsonl", maxRowsPerFile: 1), [])?.contains("is a file") == true)
    }
}
