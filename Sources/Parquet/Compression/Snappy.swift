/// Snappy block compression and decompression (Parquet's SNAPPY codec is the raw block format, no framing).
///
/// Format: a varint of the uncompressed length, then elements: literals (tag 00) and copies with 1-, 2- or
/// 4-byte offsets (tags 01, 10, 11) — github.com/google/snappy, format_description.txt.
enum Snappy {
    /// Input is compressed in independent 64 KiB blocks, as the reference does: offsets then fit in two bytes
    /// and the hash table (16 K entries of 16-bit positions) stays in L1/L2.
    static let blockSize = 1 << 16
    private static let hashBits = 14

    /// The most a compressed `count` bytes can take (the reference's MaxCompressedLength).
    static func maxCompressedLength(_ count: Int) -> Int { 32 + count + count / 6 }

    /// One compressed block of `input`.
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        let count = input.withUnsafeBytes { compress($0, into: &output) }
        output.removeSubrange(count...)
        return output
    }

    /// Compresses `input` into the front of `scratch`, growing it when too small, and returns the compressed length.
    /// Greedy matching through a hash table of 4-byte sequences, skipping ahead faster the longer nothing matches
    /// (incompressible data then costs little), as in the reference compressor.
    static func compress(_ input: UnsafeRawBufferPointer, into scratch: inout [UInt8]) -> Int {
        let bound = maxCompressedLength(input.count)
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        var table = [UInt16](repeating: 0, count: 1 << hashBits)
        return scratch.withUnsafeMutableBufferPointer { destination in
            table.withUnsafeMutableBufferPointer { table in
                let out = destination.baseAddress!
                var o = 0
                var length = input.count
                while length >= 0x80 {
                    out[o] = UInt8(truncatingIfNeeded: length) | 0x80
                    o += 1
                    length >>= 7
                }
                out[o] = UInt8(length)
                o += 1
                guard let source = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return o }
                var start = 0
                while start < input.count {
                    let end = min(start + blockSize, input.count)
                    o = compressBlock(source + start, count: end - start, table: table, into: out, at: o)
                    start = end
                }
                return o
            }
        }
    }

    private static func load32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UnsafeRawPointer(p).loadUnaligned(as: UInt32.self)
    }

    private static func hash(_ v: UInt32) -> Int {
        Int((v &* 0x1E35_A7BD) >> UInt32(32 - hashBits))
    }

    private static func compressBlock(
        _ block: UnsafePointer<UInt8>, count: Int, table: UnsafeMutableBufferPointer<UInt16>,
        into out: UnsafeMutablePointer<UInt8>, at start: Int
    ) -> Int {
        var o = start
        var emitFrom = 0
        // Too short to hold a match worth coding (the reference's kInputMarginBytes).
        if count >= 15 {
            table.update(repeating: 0)
            let last = count - 4
            var i = 1
            var skip = 32
            while i <= last {
                let current = load32(block + i)
                let h = hash(current)
                let candidate = Int(table[h])
                table[h] = UInt16(truncatingIfNeeded: i)
                guard candidate < i, load32(block + candidate) == current else {
                    i += skip >> 5
                    skip += 1
                    continue
                }
                o = emitLiteral(block + emitFrom, count: i - emitFrom, into: out, at: o)
                let matched = 4 + matchLength(block + candidate + 4, block + i + 4, limit: count - i - 4)
                o = emitCopy(offset: i - candidate, length: matched, into: out, at: o)
                i += matched
                emitFrom = i
                skip = 32
                // Index the position just before the match's end, so a run that continues there is found.
                if i - 1 <= last { table[hash(load32(block + i - 1))] = UInt16(truncatingIfNeeded: i - 1) }
            }
        }
        if emitFrom < count { o = emitLiteral(block + emitFrom, count: count - emitFrom, into: out, at: o) }
        return o
    }

    /// How many bytes from `a` and `b` agree, up to `limit`. Eight at a time, as the reference does: repetitive
    /// text (the mock descriptions compress 57:1 under gzip) makes matches hundreds of bytes long.
    private static func matchLength(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, limit: Int) -> Int {
        var n = 0
        while n + 8 <= limit {
            let x = UInt64(littleEndian: UnsafeRawPointer(a + n).loadUnaligned(as: UInt64.self))
            let y = UInt64(littleEndian: UnsafeRawPointer(b + n).loadUnaligned(as: UInt64.self))
            if x != y { return n + (x ^ y).trailingZeroBitCount >> 3 }
            n += 8
        }
        while n < limit, a[n] == b[n] { n += 1 }
        return n
    }

    private static func emitLiteral(_ bytes: UnsafePointer<UInt8>, count: Int, into out: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        guard count > 0 else { return start }
        var o = start
        let n = count - 1
        if n < 60 {
            out[o] = UInt8(n << 2)
            o += 1
        } else {
            let extra = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4
            out[o] = UInt8((59 + extra) << 2)
            o += 1
            for k in 0..<extra {
                out[o] = UInt8(truncatingIfNeeded: n >> (8 * k))
                o += 1
            }
        }
        (out + o).update(from: bytes, count: count)
        return o + count
    }

    private static func emitCopy(offset: Int, length: Int, into out: UnsafeMutablePointer<UInt8>, at start: Int) -> Int {
        var o = start
        var remaining = length
        // A copy element codes at most 64 bytes; leave at least 4 for the last one.
        while remaining >= 68 {
            o = emitCopy2(offset: offset, length: 64, into: out, at: o)
            remaining -= 64
        }
        if remaining > 64 {
            o = emitCopy2(offset: offset, length: 60, into: out, at: o)
            remaining -= 60
        }
        if remaining < 12, offset < 2048 {
            out[o] = UInt8(1 | ((remaining - 4) << 2) | ((offset >> 8) << 5))
            out[o + 1] = UInt8(truncatingIfNeeded: offset)
            return o + 2
        }
        return emitCopy2(offset: offset, length: remaining, into: out, at: o)
    }

    private static func emitCopy2(offset: Int, length: Int, into out: UnsafeMutablePointer<UInt8>, at o: Int) -> Int {
        out[o] = UInt8(2 | ((length - 1) << 2))
        out[o + 1] = UInt8(truncatingIfNeeded: offset)
        out[o + 2] = UInt8(truncatingIfNeeded: offset >> 8)
        return o + 3
    }

    static func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        var p = 0
        func byte() throws -> UInt8 {
            guard p < input.count else { throw ParquetFormatError("snappy: data ends early") }
            defer { p += 1 }
            return input[p]
        }
        var length = 0
        var shift = 0
        while true {
            let b = try byte()
            length |= Int(b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
            guard shift < 35 else { throw ParquetFormatError("snappy: bad length") }
        }
        guard length == size else { throw ParquetFormatError("snappy: page says \(size) bytes, data says \(length)") }
        var out = [UInt8]()
        out.reserveCapacity(length)
        while p < input.count {
            let tag = try byte()
            switch tag & 0x03 {
            case 0:
                var literal = Int(tag >> 2) + 1
                if literal > 60 {
                    let extra = literal - 60
                    literal = 0
                    for k in 0..<extra { literal |= Int(try byte()) << (8 * k) }
                    literal += 1
                }
                guard p + literal <= input.count else { throw ParquetFormatError("snappy: literal past the end") }
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[p..<(p + literal)]))
                p += literal
            default:
                let count: Int
                var offset: Int
                switch tag & 0x03 {
                case 1:
                    count = Int((tag >> 2) & 0x07) + 4
                    offset = Int(tag >> 5) << 8 | Int(try byte())
                case 2:
                    count = Int(tag >> 2) + 1
                    offset = Int(try byte()) | Int(try byte()) << 8
                default:
                    count = Int(tag >> 2) + 1
                    offset = 0
                    for k in 0..<4 { offset |= Int(try byte()) << (8 * k) }
                }
                guard offset > 0, offset <= out.count else { throw ParquetFormatError("snappy: copy offset out of range") }
                // Copies may overlap their own output (offset < count), so go byte by byte.
                let start = out.count - offset
                for k in 0..<count { out.append(out[start + k]) }
            }
            guard out.count <= length else { throw ParquetFormatError("snappy: output longer than declared") }
        }
        guard out.count == length else { throw ParquetFormatError("snappy: \(out.count) bytes, expected \(length)") }
        return out
    }
}
