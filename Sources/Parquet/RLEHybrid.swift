/// The RLE / bit-packing hybrid encoding of levels and dictionary indices.
enum RLEHybrid {
    /// Bits needed for values up to `maxValue`.
    static func bitWidth(forMax maxValue: Int) -> Int {
        maxValue <= 0 ? 0 : Int.bitWidth - maxValue.leadingZeroBitCount
    }

    /// Encodes `values` (each < 2^bitWidth): runs of 8 or more equal values as RLE runs, the rest bit-packed
    /// in groups of 8.
    static func encode<C: RandomAccessCollection>(_ values: C, bitWidth: Int, into out: inout [UInt8])
    where C.Element: BinaryInteger, C.Index == Int {
        precondition(bitWidth >= 0 && bitWidth <= 32)
        var literals: [UInt32] = []
        literals.reserveCapacity(64)
        var i = values.startIndex
        let end = values.endIndex
        while i < end {
            let v = values[i]
            var j = i + 1
            while j < end, values[j] == v { j += 1 }
            var run = j - i
            if run >= 8, literals.count % 8 != 0 {
                // Complete the current group of 8 first: a bit-packed run must hold whole groups.
                let fill = 8 - literals.count % 8
                for _ in 0..<fill { literals.append(UInt32(truncatingIfNeeded: v)) }
                i += fill
                run -= fill
            }
            if run >= 8 {
                flushLiterals(&literals, bitWidth: bitWidth, into: &out)
                writeRLERun(value: UInt32(truncatingIfNeeded: v), count: run, bitWidth: bitWidth, into: &out)
            } else {
                for _ in 0..<run { literals.append(UInt32(truncatingIfNeeded: v)) }
            }
            i += run
        }
        flushLiterals(&literals, bitWidth: bitWidth, into: &out)
    }

    static func writeVarint(_ value: UInt64, into out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func writeRLERun(value: UInt32, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        writeVarint(UInt64(count) << 1, into: &out)
        let bytes = (bitWidth + 7) / 8
        for b in 0..<bytes { out.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(b)))) }
    }

    static func flushLiterals(_ literals: inout [UInt32], bitWidth: Int, into out: inout [UInt8]) {
        guard !literals.isEmpty else { return }
        while literals.count % 8 != 0 { literals.append(0) }  // only ever at the very end
        writeVarint(UInt64(literals.count / 8) << 1 | 1, into: &out)
        var buffer: UInt64 = 0
        var bits = 0
        for v in literals {
            buffer |= UInt64(v) << UInt64(bits)
            bits += bitWidth
            while bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits -= 8
            }
        }
        if bits > 0 { out.append(UInt8(truncatingIfNeeded: buffer)) }
        literals.removeAll(keepingCapacity: true)
    }

    /// Decodes `count` values from `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int) throws -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(count)
        if bitWidth == 0 { return Array(repeating: 0, count: count) }
        guard bitWidth <= 32 else { throw ParquetFormatError("RLE: bit width \(bitWidth) > 32") }
        var p = 0
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        while result.count < count {
            var header: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard p < bytes.count else { throw ParquetFormatError("RLE: data ends after \(result.count) of \(count) values") }
                let b = bytes[p]
                p += 1
                header |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            if header & 1 == 0 {
                let runLength = Int(header >> 1)
                var value: UInt32 = 0
                guard p + byteWidth <= bytes.count else { throw ParquetFormatError("RLE: truncated run value") }
                for b in 0..<byteWidth { value |= UInt32(bytes[p + b]) << (8 * UInt32(b)) }
                p += byteWidth
                let take = min(runLength, count - result.count)
                result.append(contentsOf: repeatElement(value, count: take))
            } else {
                let values = Int(header >> 1) * 8
                var buffer: UInt64 = 0
                var bits = 0
                var produced = 0
                while produced < values {
                    while bits < bitWidth {
                        // A final group may be cut short when the data ends exactly with the last real value.
                        let b: UInt8 = p < bytes.count ? bytes[p] : 0
                        p += 1
                        buffer |= UInt64(b) << UInt64(bits)
                        bits += 8
                    }
                    if result.count < count { result.append(UInt32(buffer & mask)) }
                    buffer >>= UInt64(bitWidth)
                    bits -= bitWidth
                    produced += 1
                }
            }
        }
        return result
    }
}
