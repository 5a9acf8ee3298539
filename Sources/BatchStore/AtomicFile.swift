#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system operation that failed, naming the path and the reason.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }

    static func errno(_ path: String, _ operation: String) -> StorageError {
        StorageError(path: path, message: "\(operation) failed: \(String(cString: strerror(Glibc.errno)))")
    }
}

/// Whole-file writes that readers see either complete or not at all: temp file, fsync, rename, fsync the folder.
public enum AtomicFile {
    /// Replaces `path` with `bytes`.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(StorageError) {
        let temp = try AtomicFile.beginWrite(to: path)
        do throws(StorageError) {
            try temp.append(bytes)
            try temp.commit()
        } catch {
            temp.abandon()
            throw error
        }
    }

    /// Opens a temporary file beside `path`, to be filled with `append` and published with `commit`.
    public static func beginWrite(to path: String) throws(StorageError) -> PendingFile {
        try PendingFile(destination: path)
    }

    /// Creates `path` and its missing parents.
    public static func createDirectory(_ path: String) throws(StorageError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, 0o755) != 0, Glibc.errno != EEXIST {
                throw .errno(current, "mkdir")
            }
        }
    }

    static func syncDirectory(of path: String) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

/// A temporary file that becomes `destination` on `commit`, or disappears on `abandon`.
public final class PendingFile {
    public let destination: String
    public let temporaryPath: String
    private var fd: Int32
    public private(set) var bytesWritten = 0

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

    public func append(_ bytes: some Collection<UInt8>) throws(StorageError) {
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
    public func commit() throws(StorageError) {
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
    public func abandon() {
        if fd >= 0 {
            close(fd)
            fd = -1
        }
        unlink(temporaryPath)
    }
}

/// Whole-file reads into an array with read(2): no mapping, so a batch's pages are not counted against the
/// process once it is parsed.
public enum FileBytes {
    /// The whole file.
    public static func read(_ path: String) throws(StorageError) -> [UInt8] {
        var bytes: [UInt8] = []
        let count = try read(path, reusing: &bytes)
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Reads the whole file into the front of `scratch` and returns its length; `scratch` grows when too small
    /// and keeps its size, so a loop over files reuses one buffer. Batch files are megabytes: a fresh, zero-filled
    /// buffer for each one cost more in page faults than the read itself.
    public static func read(_ path: String, reusing scratch: inout [UInt8]) throws(StorageError) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .errno(path, "open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .errno(path, "fstat") }
        // One byte more than the size, so the end of the file shows without growing the buffer.
        var wanted = Int(info.st_size) + 1
        var filled = 0
        while true {
            if scratch.count < wanted { scratch = grown(scratch, to: wanted, keeping: filled) }
            let n = scratch.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if Glibc.errno == EINTR { continue }
                throw .errno(path, "read")
            }
            if n == 0 { return filled }
            filled += n
            // The file grew since fstat.
            if filled == scratch.count { wanted = scratch.count * 2 }
        }
    }

    /// A buffer of `count` bytes, uninitialized past the first `keeping`, which are copied from `old`.
    private static func grown(_ old: [UInt8], to count: Int, keeping: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            old.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(rebasing: buffer[..<keeping]).initialize(from: $0[..<keeping]) }
            initialized = count
        }
    }
}
