import BatchStore
import Foundation
import Testing

@Suite struct OutputLockTests {
    @Test func aSecondHolderIsRefusedWithTheFirstOnesPID() throws {
        let folder = NSTemporaryDirectory() + "lock-" + UUID().uuidString + "/out"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try OutputLock.acquire(folder)
        do {
            _ = try OutputLock.acquire(folder)
            Issue.record("a second lock on \(folder) was granted")
        } catch {
            #expect(error.path == folder)
            #expect(error.message.contains("in use by another tiki-pipeline run (process \(getpid()))"))
        }
        withExtendedLifetime(first) {}
    }

    @Test func theLockIsReleasedWithItsHolder() throws {
        let folder = NSTemporaryDirectory() + "lock-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do { _ = try OutputLock.acquire(folder) }
        let again = try OutputLock.acquire(folder)
        #expect(FileManager.default.fileExists(atPath: again.path))
    }

    @Test func aFileIsNotAnOutputFolder() throws {
        let file = NSTemporaryDirectory() + "lock-" + UUID().uuidString
        FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: StorageError.self) { try OutputLock.acquire(file) }
    }
}
