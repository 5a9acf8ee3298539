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

    /// Decodes `count` values from `bytes`, each at most `maxValue` (a level's maximum; dictionary indices are
    /// checked against the dictionary by the caller).
    ///
    /// Every run must be backed by bytes: an RLE run needs its value, a bit-packed run the bytes of the values
    /// still wanted (a final group may be cut short). Runs of length 0 are skipped, but each costs at least a
    /// byte of header, so the loop ends with the data.
    static func decode(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, maxValue: UInt32 = .max) throws(ParquetFormatError) -> [UInt32] {
        guard count >= 0 else { throw ParquetFormatError("RLE: negative value count \(count)") }
        guard bitWidth >= 0, bitWidth <= 32 else { throw ParquetFormatError("RLE: bit width \(bitWidth) outside 0...32") }
        if bitWidth == 0 { return Array(repeating: 0, count: count) }
        var result: [UInt32] = []
        // A count read from a page header is not trusted with memory before the data backs it.
        result.reserveCapacity(min(count, bytes.count * 8))
        var cursor = ByteCursor(bytes)
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        while result.count < count {
            guard !cursor.isAtEnd else { throw ParquetFormatError("RLE: data ends after \(result.count) of \(count) values") }
            let header = try cursor.varint()
            let wanted = count - result.count
            if header & 1 == 0 {
                let runLength = header >> 1
                var value: UInt32 = 0
                let raw = try cursor.take(byteWidth)
                for b in 0..<byteWidth { value |= UInt32(raw[b]) << (8 * UInt32(b)) }
                guard value <= maxValue else { throw ParquetFormatError("RLE: value \(value) above the maximum \(maxValue)") }
                let take = runLength < UInt64(wanted) ? Int(runLength) : wanted
                result.append(contentsOf: repeatElement(value, count: take))
            } else {
                // A run of `groups` groups of 8; only the values still wanted are decoded (the rest is padding,
                // which may be cut short at the end of the data).
                let groups = header >> 1
                let values = groups <= UInt64(wanted / 8) ? Int(groups) * 8 : wanted
                let packed = try cursor.take((values * bitWidth + 7) / 8)
                var buffer: UInt64 = 0
                var bits = 0
                var p = 0
                for _ in 0..<values {
                    while bits < bitWidth {
                        buffer |= UInt64(packed[p]) << UInt64(bits)
                        p += 1
                        bits += 8
                    }
                    let value = UInt32(truncatingIfNeeded: buffer & mask)
                    guard value <= maxValue else { throw ParquetFormatError("RLE: value \(value) above the maximum \(maxValue)") }
                    result.append(value)
                    buffer >>= UInt64(bitWidth)
                    bits -= bitWidth
                }
            }
        }
        return result
    }
}
