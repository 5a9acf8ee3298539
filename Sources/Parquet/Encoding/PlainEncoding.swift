/// PLAIN encoding: little-endian fixed-width values, length-prefixed byte arrays, bit-packed booleans.
enum PlainEncoding {
    /// Encodes the values of `slices` as one run.
    static func encode(_ slices: [ColumnValues.Slice], into out: inout [UInt8]) {
        if slices.count > 1, case .boolean = slices[0].values {
            // Bits are packed across the slices' ends, not padded at each.
            let bits = Array(slices.runs(\.booleans).joined())
            encode(.boolean(bits), range: bits.indices, into: &out)
        } else {
            for slice in slices { encode(slice.values, range: slice.range, into: &out) }
        }
    }

    static func encode(_ values: ColumnValues, range: Range<Int>, into out: inout [UInt8]) {
        switch values {
        case .int32(let v): appendRaw(v[range], into: &out)
        case .int64(let v): appendRaw(v[range], into: &out)
        case .float(let v): appendRaw(v[range], into: &out)
        case .double(let v): appendRaw(v[range], into: &out)
        case .int96(let v): for i in range { out.append(contentsOf: v[i]) }
        case .boolean(let v):
            var byte: UInt8 = 0
            var bit = 0
            for i in range {
                if v[i] { byte |= 1 << UInt8(bit) }
                bit += 1
                if bit == 8 {
                    out.append(byte)
                    byte = 0
                    bit = 0
                }
            }
            if bit > 0 { out.append(byte) }
        case .bytes(let b):
            guard !range.isEmpty else { return }
            out.reserveCapacity(out.count + b.offsets[range.upperBound] - b.offsets[range.lowerBound] + 4 * range.count)
            b.data.withUnsafeBufferPointer { data in
                for i in range {
                    let start = b.offsets[i], end = b.offsets[i + 1]
                    let length = UInt32(end - start)
                    out.append(UInt8(truncatingIfNeeded: length))
                    out.append(UInt8(truncatingIfNeeded: length >> 8))
                    out.append(UInt8(truncatingIfNeeded: length >> 16))
                    out.append(UInt8(truncatingIfNeeded: length >> 24))
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: data[start..<end]))
                }
            }
        }
    }

    /// Fixed-width values are stored as their in-memory little-endian bytes.
    private static func appendRaw<T>(_ slice: ArraySlice<T>, into out: inout [UInt8]) {
        slice.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    /// Decodes `count` values of `type` from `bytes`, returning them and the bytes consumed.
    static func decode(_ bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int?, count: Int) throws(ParquetFormatError) -> (ColumnValues, Int) {
        guard count >= 0 else { throw ParquetFormatError("PLAIN: negative value count \(count)") }
        /// The bytes `count` values of `width` take, which the page must hold.
        func span(_ width: Int) throws(ParquetFormatError) -> Int {
            let needed = try Checked.multiply(count, width, "PLAIN: value bytes")
            guard needed <= bytes.count else { throw ParquetFormatError("PLAIN: \(count) values need \(needed) bytes, page has \(bytes.count)") }
            return needed
        }
        func fixed<T>(_ width: Int, _ make: ([T]) -> ColumnValues) throws(ParquetFormatError) -> (ColumnValues, Int) {
            let needed = try span(width)
            var out = [T]()
            out.reserveCapacity(count)
            for i in 0..<count { out.append(bytes.loadUnaligned(fromByteOffset: i * width, as: T.self)) }
            return (make(out), needed)
        }
        switch type {
        case .int32: return try fixed(4) { ColumnValues.int32($0) }
        case .int64: return try fixed(8) { ColumnValues.int64($0) }
        case .float: return try fixed(4) { ColumnValues.float($0) }
        case .double: return try fixed(8) { ColumnValues.double($0) }
        case .int96:
            let needed = try span(12)
            return (.int96((0..<count).map { Array(bytes[($0 * 12)..<($0 * 12 + 12)]) }), needed)
        case .boolean:
            guard count / 8 + (count % 8 == 0 ? 0 : 1) <= bytes.count else { throw ParquetFormatError("PLAIN: boolean page too short") }
            return (.boolean((0..<count).map { bytes[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }), count / 8 + (count % 8 == 0 ? 0 : 1))
        case .byteArray:
            var buffer = ByteArrayBuffer()
            var cursor = ByteCursor(bytes)
            for _ in 0..<count {
                // Each value costs at least its 4-byte length, so the loop ends with the data.
                let length = Int(try cursor.uint32LE())
                buffer.append(try cursor.take(length))
            }
            return (.bytes(buffer), cursor.position)
        case .fixedLenByteArray:
            let width = typeLength ?? 0
            guard width > 0 else { throw ParquetFormatError("PLAIN: FIXED_LEN_BYTE_ARRAY without a positive type_length") }
            let needed = try span(width)
            var buffer = ByteArrayBuffer()
            for i in 0..<count { buffer.append(UnsafeRawBufferPointer(rebasing: bytes[(i * width)..<((i + 1) * width)])) }
            return (.bytes(buffer), needed)
        }
    }
}
