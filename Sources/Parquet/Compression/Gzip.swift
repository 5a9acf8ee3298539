import CLibdeflate
import CZlib

/// Parquet's GZIP codec: RFC 1952 gzip members written by libdeflate; read by libdeflate, with zlib for what it refuses.
enum Gzip {
    /// zlib's `windowBits` for the largest window, 32 KiB (RFC 1951).
    static let largestWindowBits: Int32 = 15
    /// Added to `windowBits`, zlib's inflate detects a gzip or a zlib header by itself.
    static let detectGzipOrZlibHeader: Int32 = 32
    /// The OS byte of a gzip header (RFC 1952, section 2.3), and its value for Unix.
    static let gzipHeaderOSOffset = 9
    static let gzipOSUnix: UInt8 = 3

    /// A libdeflate compressor for one level. Not thread-safe, and costly to allocate (hash tables of several
    /// hundred KiB): one encoding thread reuses it page after page.
    final class Compressor {
        let level: Int
        private let handle: OpaquePointer

        init(level: Int) throws {
            guard let handle = libdeflate_alloc_compressor(Int32(level)) else {
                throw ParquetFormatError("gzip: libdeflate has no level \(level)")
            }
            self.level = level
            self.handle = handle
        }

        deinit { libdeflate_free_compressor(handle) }

        /// Compresses `input` into the front of `scratch`, growing it when too small, and returns the compressed
        /// length. Reusing one scratch buffer for every page of a chunk spares a fresh, page-faulting megabyte each.
        func compress(_ input: UnsafeRawBufferPointer, into scratch: inout [UInt8]) throws -> Int {
            let bound = libdeflate_gzip_compress_bound(handle, input.count)
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            let count = scratch.withUnsafeMutableBytes {
                libdeflate_gzip_compress(handle, input.baseAddress, input.count, $0.baseAddress, $0.count)
            }
            guard count > 0 else { throw ParquetFormatError("gzip: libdeflate could not compress \(input.count) bytes") }
            // libdeflate writes OS = 255 (unknown); zlib writes 3 (Unix). The header carries no checksum, so
            // matching zlib keeps our files byte-compatible with what readers have always been given.
            scratch[Gzip.gzipHeaderOSOffset] = Gzip.gzipOSUnix
            return count
        }
    }

    /// One gzip member holding `input` (header `1f 8b 08 00 00000000 00 03` at levels 2-7, no file name).
    static func compress(_ input: [UInt8], level: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        let compressor = try Compressor(level: level)
        let count = try input.withUnsafeBytes { try compressor.compress($0, into: &output) }
        output.removeSubrange(count...)
        return output
    }

    /// Inflates gzip members (concatenated ones followed) or a zlib stream into exactly `size` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        guard size > 0 else { return [] }
        var complete = false
        let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            complete = inflateMembers(input, into: UnsafeMutableRawBufferPointer(buffer))
            // On failure the bytes are overwritten by the zlib pass below; counting them as set is harmless.
            initialized = size
        }
        return complete ? output : try inflateWithZlib(input, size: size)
    }

    /// libdeflate's pass: whole gzip members one after another until `output` is full. False for anything it does not
    /// take (zlib-wrapped data, a member larger than the page says, a short page), which zlib then decides on.
    private static func inflateMembers(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        // A decompressor is about 10 KiB and needs no setup beyond the allocation: one per page is cheap.
        guard let decompressor = libdeflate_alloc_decompressor(), let source = input.baseAddress else { return false }
        defer { libdeflate_free_decompressor(decompressor) }
        var consumed = 0
        var produced = 0
        while produced < output.count, consumed < input.count {
            var used = 0
            var written = 0
            let result = libdeflate_gzip_decompress_ex(
                decompressor, source + consumed, input.count - consumed,
                output.baseAddress! + produced, output.count - produced, &used, &written)
            guard result == LIBDEFLATE_SUCCESS, used > 0 else { return false }
            consumed += used
            produced += written
        }
        return produced == output.count
    }

    /// zlib's pass, which also reads zlib streams (window bits 15 + 32 detect either header).
    private static func inflateWithZlib(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        guard czlib_inflateInit2(&stream, Self.largestWindowBits + Self.detectGzipOrZlibHeader) == Z_OK else { throw ParquetFormatError("gzip: inflateInit2 failed") }
        defer { inflateEnd(&stream) }
        var produced = 0
        var consumed = 0
        try output.withUnsafeMutableBufferPointer { destination in
            while produced < size, consumed < input.count {
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: UInt8.self) + consumed)
                stream.avail_in = UInt32(input.count - consumed)
                stream.next_out = destination.baseAddress! + produced
                stream.avail_out = UInt32(size - produced)
                let before = (stream.total_in, stream.total_out)
                let status = inflate(&stream, Z_NO_FLUSH)
                consumed += Int(stream.total_in - before.0)
                produced += Int(stream.total_out - before.1)
                if status == Z_STREAM_END {
                    inflateReset(&stream)
                } else if status != Z_OK {
                    throw ParquetFormatError("gzip: inflate returned \(status)")
                }
            }
        }
        guard produced == size else {
            throw ParquetFormatError("gzip: page inflated to \(produced) bytes, header says \(size)")
        }
        return output
    }
}
