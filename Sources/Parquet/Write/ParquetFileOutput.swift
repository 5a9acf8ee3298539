import SystemPackage

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
    private var file: FileDescriptor?
    /// Bytes written so far.
    public private(set) var bytesWritten = 0

    /// Creates (or truncates) the file at `path`.
    public init(path: String) throws {
        self.path = path
        do {
            file = try FileDescriptor.open(
                FilePath(path), .writeOnly, options: [.create, .truncate, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw ParquetWriteError(column: "", message: "\(path): cannot create (\(error))")
        }
    }

    deinit { try? file?.close() }

    /// Appends `bytes` (short writes and interruptions are retried); throws naming the file when the disk refuses.
    public func write(_ bytes: [UInt8]) throws {
        guard let file else { throw ParquetWriteError(column: "", message: "\(path): already closed") }
        do { bytesWritten += try file.writeAll(bytes) } catch {
            throw ParquetWriteError(column: "", message: "\(path): write failed (\(error))")
        }
    }

    /// Closes the file, first flushing it to disk when `sync` is set.
    public func close(sync: Bool = false) throws {
        guard let file else { return }
        self.file = nil
        if sync, fsync(file.rawValue) != 0 {
            try? file.close()
            throw ParquetWriteError(column: "", message: "\(path): fsync failed (\(Errno(rawValue: errno)))")
        }
        do { try file.close() } catch { throw ParquetWriteError(column: "", message: "\(path): close failed (\(error))") }
    }
}
