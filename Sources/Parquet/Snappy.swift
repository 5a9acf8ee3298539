/// Snappy block decompression (read side only), so the reader opens the most common codec in the wild.
///
/// Format: a varint of the uncompressed length, then elements: literals (tag 00) and copies with 1-, 2- or
/// 4-byte offsets (tags 01, 10, 11) — github.com/google/snappy, format_description.txt.
enum Snappy {
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
