import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file that becomes `destination` on `commit`, or disappears on `abandon`.
///
/// The project's one publishing scheme: write beside the destination under a unique name, fsync, rename over it,
/// fsync the folder. A reader sees the old file or the whole new one; a crash leaves at most a `.tmp-` file.
package final class PendingFile {
    package let destination: String
    package let temporaryPath: String
    private var file: FileDescriptor?
    package private(set) var bytesWritten = 0

    init(destination: String) throws(StorageError) {
        self.destination = destination
        var random = SystemRandomNumberGenerator()
        temporaryPath = "\(destination).tmp-\(getpid())-\(String(random.next() as UInt32, radix: 16))"
        do {
            file = try FileDescriptor.open(
                FilePath(temporaryPath), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch { throw StorageError(path: temporaryPath, message: "open failed: \(error)") }
    }

    deinit {
        if file != nil { abandon() }
    }

    /// Appends `bytes`; short writes and interruptions are retried by `writeAll`.
    package func append(_ bytes: some Sequence<UInt8>) throws(StorageError) {
        guard let file else { throw StorageError(path: temporaryPath, message: "already closed") }
        do { bytesWritten += try file.writeAll(bytes) } catch { throw StorageError(path: temporaryPath, message: "write failed: \(error)") }
    }

    /// Flushes to disk and renames over the destination.
    package func commit() throws(StorageError) {
        guard let file else { throw StorageError(path: temporaryPath, message: "already closed") }
        self.file = nil
        guard fsync(file.rawValue) == 0 else {
            try? file.close()
            throw .errno(temporaryPath, "fsync")
        }
        do { try file.close() } catch { throw StorageError(path: temporaryPath, message: "close failed: \(error)") }
        guard rename(temporaryPath, destination) == 0 else { throw .errno(destination, "rename") }
        AtomicFile.syncDirectory(of: destination)
    }

    /// Deletes the temporary file; the destination is untouched.
    package func abandon() {
        try? file?.close()
        file = nil
        unlink(temporaryPath)
    }
}
