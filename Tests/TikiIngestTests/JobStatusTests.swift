import BatchStore
import Foundation
import Testing
import TikiJSON
@testable import TikiIngest

@Suite struct JobStatusTests {
    @Test func aFolderWithoutAReportCountsItsFilesAndLeavesTheRestUnknown() throws {
        let root = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = OutputLayout(root: root)
        try layout.createDirectories()
        let records: [JSONValue] = (1...3).map { .object(JSONObject(["id": .int($0)])) }
        try BatchFile.write(records, to: layout.path(.products, number: 1))
        let errors = [ErrorEntry(id: 9, error: "timeout", status: nil, attempts: 4, message: "t"),
                      ErrorEntry(id: 10, error: "not_found", status: 404, attempts: 1, message: "n"),
                      ErrorEntry(id: 11, error: "from_the_future", status: nil, attempts: 1, message: "?")]
        try BatchFile.write(errors.map(\.json), to: layout.path(.errors, number: 1))

        let status = try JobStatus.load([root])
        let folder = try #require(status.folders.first)
        #expect(folder.records == 3)
        #expect(folder.errors == [.timeout: 1, .notFound: 1])
        #expect(folder.otherErrors == ["from_the_future": 1])
        #expect(folder.transientErrors == 1)
        #expect(folder.inputIDs == nil && folder.remaining == nil)
        #expect(folder.state == "running or never reported")
        #expect(!status.isComplete)
        #expect(status.table.contains("errors by class: not_found 1, timeout 1, from_the_future 1"))
    }

    @Test(arguments: [
        (#"{"input":{"ids":5000,"shard":"2/4"},"gave_up":null,"interrupted":false}"#, "finished"),
        (#"{"input":{"ids":5000,"shard":"all"},"gave_up":"the server refused","interrupted":false}"#, "gave up"),
        (#"{"input":{"ids":"many"},"interrupted":true}"#, "interrupted"),
    ])
    func aReportGivesTheInputSizeShardAndState(report: String, state: String) throws {
        let root = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = OutputLayout(root: root)
        try layout.createDirectories()
        try AtomicFile.write(Array(report.utf8), to: layout.runReport)
        let folder = try #require(try JobStatus.load([root]).folders.first)
        let outline = RunReport.Outline(try JSONParser.parse(Array(report.utf8)))
        #expect(folder.state == state)
        #expect(folder.inputIDs == outline.inputIDs)
        #expect(folder.shard == outline.shard)
        #expect(outline.inputIDs == (report.contains("5000") ? 5000 : nil))
    }

    @Test func aFolderThatIsNotAnOutputIsNamedInTheError() throws {
        let root = temporaryOutput()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect { try JobStatus.load([root]) } throws: { ($0 as? StorageError)?.path == root }
        #expect { try JobStatus.load([root + "/missing"]) } throws: { ($0 as? StorageError)?.message == "no such folder" }
    }
}
