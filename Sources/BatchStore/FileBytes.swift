#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads into an array with read(2): no mapping, so a batch's pages are not counted against the
/// process once it is parsed.
package enum FileBytes {
    /// The whole file.
    package static func read(_ path: String) throws(StorageError) -> [UInt8] {
        var bytes: [UInt8] = []
        let count = try read(path, reusing: &bytes)
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Reads the whole file into the front of `scratch` and returns its length; `scratch` grows when too small
    /// and keeps its size, so a loop over files reuses one buffer. Batch files are megabytes: a fresh, zero-filled
    /// buffer for each one cost more in page faults than the read itself.
    package static func read(_ path: String, reusing scratch: inout [UInt8]) throws(StorageError) -> Int {
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
