#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A temporary file that becomes `destination` on `commit`, or disappears on `abandon`.
package final class PendingFile {
    package let destination: String
    package let temporaryPath: String
    private var fd: Int32
    package private(set) var bytesWritten = 0

    init(destination: String) throws(StorageError) {
        self.destination = destination
        var random = SystemRandomNumberGenerator()
        temporaryPath = "\(destination).tmp-\(getpid())-\(String(random.next() as UInt32, radix: 16))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .errno(temporaryPath, "open") }
    }

    deinit {
        if fd >= 0 { abandon() }
    }

    package func append(_ bytes: some Collection<UInt8>) throws(StorageError) {
        let result: Result<Void, StorageError>? = bytes.withContiguousStorageIfAvailable { buffer in
            writeAll(buffer)
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        try copy.withUnsafeBufferPointer { writeAll($0) }.get()
    }

    private func writeAll(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Void, StorageError> {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                return .failure(.errno(temporaryPath, "write"))
            }
            offset += n
        }
        bytesWritten += buffer.count
        return .success(())
    }

    /// Flushes to disk and renames over the destination.
    package func commit() throws(StorageError) {
        guard fsync(fd) == 0 else { throw .errno(temporaryPath, "fsync") }
        guard close(fd) == 0 else {
            fd = -1
            throw .errno(temporaryPath, "close")
        }
        fd = -1
        guard rename(temporaryPath, destination) == 0 else { throw .errno(destination, "rename") }
        AtomicFile.syncDirectory(of: destination)
    }

    /// Deletes the temporary file; the destination is untouched.
    package func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(temporaryPath)
    }
}
