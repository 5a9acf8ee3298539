import Foundation
import Testing
@testable import BatchStore

@Suite struct AtomicFileTests {
    @Test func atomicWriteReplacesWholeFilesAndLeavesNoTemporaries() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/f.json"
        try AtomicFile.write(Array("one".utf8), to: path)
        try AtomicFile.write(Array("two".utf8), to: path)
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f.json"])
    }

    @Test func abandonedWriteLeavesTheOldFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/f.json"
        try AtomicFile.write(Array("old".utf8), to: path)
        let pending = try AtomicFile.beginWrite(to: path)
        try pending.append(Array("half".utf8))
        pending.abandon()
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f.json"])
    }

    @Test func writeIntoMissingFolderNamesThePath() {
        do {
            try AtomicFile.write([1], to: "/nonexistent-folder/x/f.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent-folder/x/f.json"))
        }
    }
}
