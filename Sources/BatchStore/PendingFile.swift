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
    /// Open until committed or abandoned; `closed` once flushed and closed.
    private var file: FileDescriptor?
    private var closed = false
    package private(set) var bytesWritten = 0

    /// Opens the temporary file beside `destination`, or in `temporaryDirectory` (which must be on the same file
    /// system, so that the rename is atomic) when a folder of files must not show them while they are written.
    init(destination: String, temporaryDirectory: String? = nil) throws(StorageError) {
        self.destination = destination
        var random = SystemRandomNumberGenerator()
        let beside = temporaryDirectory.map { "\($0)/\(destination.split(separator: "/").last ?? "")" } ?? destination
        temporaryPath = "\(beside).tmp-\(getpid())-\(String(random.next() as UInt32, radix: 16))"
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
        guard let file, !closed else { throw StorageError(path: temporaryPath, message: "already closed") }
        do { bytesWritten += try file.writeAll(bytes) } catch { throw StorageError(path: temporaryPath, message: "write failed: \(error)") }
    }

    /// Flushes the temporary file to disk and closes it: whole, but not yet visible. A set of files is closed
    /// one by one and committed together, so that none appears before all are written.
    package func close() throws(StorageError) {
        guard let file, !closed else { return }
        closed = true
        guard fsync(file.rawValue) == 0 else {
            try? file.close()
            throw .errno(temporaryPath, "fsync")
        }
        do { try file.close() } catch { throw StorageError(path: temporaryPath, message: "close failed: \(error)") }
    }

    /// Flushes to disk (unless closed already) and renames over the destination.
    package func commit() throws(StorageError) {
        guard file != nil else { throw StorageError(path: temporaryPath, message: "already committed or abandoned") }
        try close()
        file = nil
        guard rename(temporaryPath, destination) == 0 else { throw .errno(destination, "rename") }
        AtomicFile.syncDirectory(of: destination)
    }

    /// Deletes the temporary file; the destination is untouched.
    package func abandon() {
        if !closed { try? file?.close() }
        file = nil
        unlink(temporaryPath)
    }
}
