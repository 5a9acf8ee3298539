import Foundation
import Testing
@testable import BatchStore

@Suite struct PendingFileTests {
    /// A set of files is closed one by one and committed together: a closed file is whole on disk but not yet at
    /// its destination, and a temporary folder keeps it out of the destination's folder meanwhile.
    @Test func aClosedFileAppearsOnlyWhenCommitted() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hidden = "\(dir)/.staging"
        try AtomicFile.createDirectory(hidden)
        let path = "\(dir)/part.bin"
        let pending = try AtomicFile.beginWrite(to: path, temporaryDirectory: hidden)
        try pending.append([1, 2, 3])
        try pending.close()
        #expect(throws: StorageError.self) { try pending.append([4]) }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [".staging"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: hidden).count == 1)
        try pending.commit()
        #expect(FileManager.default.contents(atPath: path) == Data([1, 2, 3]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: hidden).isEmpty)
        #expect(throws: StorageError.self) { try pending.commit() }
    }

    @Test func abandoningAClosedFileRemovesIt() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pending = try AtomicFile.beginWrite(to: "\(dir)/f.bin")
        try pending.append([1])
        try pending.close()
        pending.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).isEmpty)
    }
}
