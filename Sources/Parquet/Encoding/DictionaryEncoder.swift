#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the dictionary of a column chunk's values (`DictionaryEncoded`), within a size limit.
enum DictionaryEncoder {
    /// Builds the dictionary, or `nil` when its PLAIN size passes `limit` bytes (or the type has none).
    static func build(_ values: ColumnValues, limit: Int) -> DictionaryEncoded? {
        switch values {
        case .int64(let v): return fixed(v, width: 8, limit: limit) { .int64($0) }
        case .int32(let v): return fixed(v, width: 4, limit: limit) { .int32($0) }
        case .double(let v):
            // Key by bit pattern so -0.0 and 0.0 (and NaN payloads) stay distinct values.
            guard let d = fixed(v.map(\.bitPattern), width: 8, limit: limit, { .int64($0.map { Int64(bitPattern: $0) }) }) else { return nil }
            guard case .int64(let bits) = d.dictionary else { return nil }
            return DictionaryEncoded(dictionary: .double(bits.map { Double(bitPattern: UInt64(bitPattern: $0)) }), indices: d.indices, dictionaryBytes: d.dictionaryBytes)
        case .bytes(let b): return bytes(b, limit: limit)
        case .boolean, .float, .int96: return nil
        }
    }

    private static func fixed<T: Hashable>(_ values: [T], width: Int, limit: Int, _ make: ([T]) -> ColumnValues) -> DictionaryEncoded? {
        var table: [T: UInt32] = [:]
        var distinct: [T] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(values.count)
        for v in values {
            if let i = table[v] {
                indices.append(i)
            } else {
                let i = UInt32(distinct.count)
                table[v] = i
                distinct.append(v)
                indices.append(i)
                if distinct.count * width > limit { return nil }
            }
        }
        return DictionaryEncoded(dictionary: make(distinct), indices: indices, dictionaryBytes: distinct.count * width)
    }

    /// Open addressing over the column's own bytes: no `String` hashing (which normalizes Unicode) on the hot path.
    private static func bytes(_ column: ByteArrayBuffer, limit: Int) -> DictionaryEncoded? {
        var distinct = ByteArrayBuffer()
        var slots = [Int32](repeating: -1, count: 1024)
        var mask = slots.count - 1
        var hashes: [UInt64] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(column.count)
        var dictionaryBytes = 0
        return column.data.withUnsafeBufferPointer { data -> DictionaryEncoded? in
            for i in 0..<column.count {
                let start = column.offsets[i], end = column.offsets[i + 1]
                let value = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(data)[start..<end])
                let h = hash(value)
                var slot = Int(truncatingIfNeeded: h) & mask
                while true {
                    let entry = slots[slot]
                    if entry < 0 {
                        let index = distinct.count
                        distinct.append(value)
                        hashes.append(h)
                        slots[slot] = Int32(index)
                        indices.append(UInt32(index))
                        dictionaryBytes += 4 + value.count
                        if dictionaryBytes > limit { return nil }
                        if distinct.count * 2 > slots.count {
                            slots = [Int32](repeating: -1, count: slots.count * 2)
                            mask = slots.count - 1
                            for (k, hk) in hashes.enumerated() {
                                var s = Int(truncatingIfNeeded: hk) & mask
                                while slots[s] >= 0 { s = (s + 1) & mask }
                                slots[s] = Int32(k)
                            }
                        }
                        break
                    }
                    if hashes[Int(entry)] == h, equal(distinct, Int(entry), value) {
                        indices.append(UInt32(entry))
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
            return DictionaryEncoded(dictionary: .bytes(distinct), indices: indices, dictionaryBytes: dictionaryBytes)
        }
    }

    private static func equal(_ buffer: ByteArrayBuffer, _ index: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let start = buffer.offsets[index], end = buffer.offsets[index + 1]
        guard end - start == value.count else { return false }
        return buffer.data.withUnsafeBytes { stored in
            value.isEmpty || memcmp(stored.baseAddress! + start, value.baseAddress!, value.count) == 0
        }
    }

    /// A fast 64-bit hash, eight bytes at a time.
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var p = 0
        while p + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: p, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            p += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while p < bytes.count {
            tail |= UInt64(bytes[p]) << shift
            shift += 8
            p += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 32)
    }
}
