#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a writer's bytes go, in order.
public protocol ParquetOutput: AnyObject {
    /// Appends `bytes`; throws when they cannot be written.
    func write(_ bytes: [UInt8]) throws
}

/// A plain file opened for writing (not atomic: callers that need atomicity write to a temporary path and
/// rename it after `close(sync: true)`).
public final class ParquetFileOutput: ParquetOutput {
    /// The file being written.
    public let path: String
    private var fd: Int32
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ParquetWriteError(column: "", message: "\(path): cannot create (\(String(cString: strerror(errno))))") }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Appends `bytes`, retrying short writes; throws naming the file when the disk refuses.
    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        try bytes.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ParquetWriteError(column: "", message: "\(path): write failed (\(String(cString: strerror(errno))))")
                }
                offset += n
            }
        }
        bytesWritten += bytes.count
    }

    /// Closes the file, first flushing it to disk when `sync` is set.
    public func close(sync: Bool = false) throws {
        guard fd >= 0 else { return }
        defer { fd = -1 }
        if sync, fsync(fd) != 0 { throw ParquetWriteError(column: "", message: "\(path): fsync failed") }
        guard Glibc.close(fd) == 0 else { throw ParquetWriteError(column: "", message: "\(path): close failed") }
    }
}
