import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive hold on an output folder, so that two runs never write the same batches.
///
/// An `flock` on `.tiki-pipeline.lock` inside the folder: the kernel drops it when the process ends, however it
/// ends, so a `kill -9` never leaves a stale lock behind. The file holds the holder's PID, for the message a
/// second run gets.
package final class OutputLock: Sendable {
    /// The lock file's name inside the folder.
    package static let fileName = ".tiki-pipeline.lock"

    package let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Creates `directory` if needed and locks it, or throws at once if another process holds it.
    package static func acquire(_ directory: String) throws(StorageError) -> OutputLock {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw StorageError(path: directory, message: "is a file, not an output folder")
        }
        try AtomicFile.createDirectory(directory)
        let path = "\(directory)/\(fileName)"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StorageError(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            guard code == EWOULDBLOCK else {
                throw StorageError(path: path, message: "cannot lock: \(String(cString: strerror(code)))")
            }
            let who = holder.flatMap { $0.isEmpty ? nil : "process \($0)" } ?? "another process"
            throw StorageError(
                path: directory, message: "in use by another tiki-pipeline run (\(who)); wait for it to end, or stop it")
        }
        // The PID is only for the message a second run prints; the lock itself is the flock. So a PID that
        // cannot be written leaves an empty file ("another process"), not a failed run.
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 {
            let written = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            if written != pid.count { _ = ftruncate(fd, 0) }
        }
        return OutputLock(path: path, descriptor: fd)
    }
}
