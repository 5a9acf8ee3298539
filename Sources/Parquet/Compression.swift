import CZlib

/// Parquet's GZIP codec: RFC 1952 gzip members through the system zlib.
enum Gzip {
    /// zlib's match strategies. `filtered` skips short matches: on text with random parts (URLs with hashes)
    /// it codes more literals and comes out 5-10% smaller; on prose the default wins.
    enum Strategy: Sendable, CaseIterable {
        case standard, filtered

        var zlibValue: Int32 { self == .standard ? Z_DEFAULT_STRATEGY : Z_FILTERED }
    }

    /// One gzip member holding `input` (header `1f 8b 08 00 00000000 00 03`, no file name).
    static func compress(_ input: [UInt8], level: Int, strategy: Strategy = .standard) throws -> [UInt8] {
        var output: [UInt8] = []
        let count = try input.withUnsafeBytes { try compress($0, level: level, strategy: strategy, into: &output) }
        output.removeSubrange(count...)
        return output
    }

    /// Compresses `input` into the front of `scratch`, growing it when too small, and returns the compressed
    /// length. Reusing one scratch buffer for every page of a chunk spares a fresh, page-faulting megabyte each.
    static func compress(_ input: UnsafeRawBufferPointer, level: Int, strategy: Strategy = .standard, into scratch: inout [UInt8]) throws -> Int {
        var stream = z_stream()
        guard tiki_deflateInit2(&stream, Int32(level), 15 + 16, strategy.zlibValue) == Z_OK else {
            throw ParquetFormatError("gzip: deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count))) + 32
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        let status: Int32 = scratch.withUnsafeMutableBufferPointer { destination in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.avail_in = UInt32(input.count)
            stream.next_out = destination.baseAddress
            stream.avail_out = UInt32(destination.count)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw ParquetFormatError("gzip: deflate returned \(status)") }
        return Int(stream.total_out)
    }

    /// Inflates gzip or zlib data, following concatenated members, into exactly `size` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        guard size > 0 else { return output }
        var stream = z_stream()
        guard tiki_inflateInit2(&stream, 15 + 32) == Z_OK else { throw ParquetFormatError("gzip: inflateInit2 failed") }
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
