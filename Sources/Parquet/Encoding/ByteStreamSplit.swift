/// BYTE_STREAM_SPLIT: byte k of every value stored together, stream after stream (read side only).
enum ByteStreamSplit {
    static func decode(_ bytes: UnsafeRawBufferPointer, type: PhysicalType, typeLength: Int?, count: Int) throws(ParquetFormatError) -> ColumnValues {
        let width: Int
        switch type {
        case .float, .int32: width = 4
        case .double, .int64: width = 8
        case .fixedLenByteArray: width = typeLength ?? 0
        default: throw ParquetFormatError("BYTE_STREAM_SPLIT is not defined for \(type)")
        }
        guard width > 0, count >= 0, try Checked.multiply(count, width, "BYTE_STREAM_SPLIT: value bytes") <= bytes.count else {
            throw ParquetFormatError("BYTE_STREAM_SPLIT: page too short for \(count) values of \(width) bytes")
        }
        var joined = [UInt8](repeating: 0, count: count * width)
        for i in 0..<count {
            for k in 0..<width { joined[i * width + k] = bytes[k * count + i] }
        }
        return try joined.withBytes { bytes throws(ParquetFormatError) in try PlainEncoding.decode(bytes, type: type, typeLength: typeLength, count: count).0 }
    }
}
