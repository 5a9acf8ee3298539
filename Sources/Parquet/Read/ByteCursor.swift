/// A read position in untrusted bytes: every read is checked against the end, and every length or count taken
/// from the data is checked before it is used, so damaged input throws instead of trapping or reading past the end.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int

    /// The longest LEB128 varint of a 64-bit value.
    static let maxVarintBytes = 10

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        self.bytes = bytes
        self.position = min(max(0, position), bytes.count)
    }

    var remaining: Int { bytes.count - position }
    var isAtEnd: Bool { position >= bytes.count }

    mutating func byte() throws(ParquetFormatError) -> UInt8 {
        guard position < bytes.count else { throw ParquetFormatError("unexpected end of data at byte \(position)") }
        defer { position &+= 1 }
        return bytes[position]
    }

    /// The next `count` bytes, which must all be there.
    mutating func take(_ count: Int) throws(ParquetFormatError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ParquetFormatError("\(count) bytes wanted at byte \(position), \(remaining) left")
        }
        defer { position &+= count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position &+ count)])
    }

    /// Moves past `count` bytes, which must all be there.
    mutating func skip(_ count: Int) throws(ParquetFormatError) {
        _ = try take(count)
    }

    /// Up to `count` bytes: the rest of the data when fewer are left.
    mutating func takeUpTo(_ count: Int) -> UnsafeRawBufferPointer {
        let n = min(max(0, count), remaining)
        defer { position &+= n }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position &+ n)])
    }

    mutating func uint32LE() throws(ParquetFormatError) -> UInt32 {
        let raw = try take(4)
        return raw.loadUnaligned(as: UInt32.self).littleEndian
    }

    /// An unsigned LEB128 varint of at most 10 bytes whose value fits 64 bits.
    mutating func varint() throws(ParquetFormatError) -> UInt64 {
        var result: UInt64 = 0
        for i in 0..<Self.maxVarintBytes {
            let b = try byte()
            let bits = UInt64(b & 0x7F)
            // The tenth byte may carry only the top bit of a 64-bit value.
            if i == Self.maxVarintBytes - 1, bits > 1 { throw ParquetFormatError("varint overflows 64 bits") }
            result |= bits << UInt64(7 * i)
            if b & 0x80 == 0 { return result }
        }
        throw ParquetFormatError("varint longer than \(Self.maxVarintBytes) bytes")
    }

    /// A varint used as a length or count: it must fit `Int` and be at most `limit`.
    mutating func varintCount(limit: Int, _ what: @autoclosure () -> String) throws(ParquetFormatError) -> Int {
        let raw = try varint()
        guard raw <= UInt64(max(0, limit)) else { throw ParquetFormatError("\(what()) \(raw) exceeds \(limit)") }
        return Int(raw)
    }

    mutating func zigzag() throws(ParquetFormatError) -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the body's typed error (the standard one rethrows `any Error`).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ParquetFormatError) -> R) throws(ParquetFormatError) -> R {
        try withUnsafeBytes { raw in Result { () throws(ParquetFormatError) in try body(raw) } }.get()
    }
}
