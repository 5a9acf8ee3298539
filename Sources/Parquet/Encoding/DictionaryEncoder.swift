#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the dictionary of a column chunk's values (`DictionaryEncoded`), within a size limit.
enum DictionaryEncoder {
    /// Builds the dictionary, or `nil` when its PLAIN size passes `limit` bytes (or the type has none).
    static func build(_ values: ColumnValues, limit: Int) -> DictionaryEncoded? {
        build([ColumnValues.Slice(values)], limit: limit)
    }

    /// Builds the dictionary of a chunk whose values are `slices`, in order, as `build(_:limit:)`.
    static func build(_ slices: [ColumnValues.Slice], limit: Int) -> DictionaryEncoded? {
        guard let first = slices.first else { return nil }
        switch first.values {
        case .int64: return fixed(slices.runs(\.int64s), width: 8, limit: limit) { .int64($0) }
        case .int32: return fixed(slices.runs(\.int32s), width: 4, limit: limit) { .int32($0) }
        case .double:
            // Key by bit pattern so -0.0 and 0.0 (and NaN payloads) stay distinct values.
            let bits = slices.runs(\.doubles).map { ArraySlice($0.map(\.bitPattern)) }
            guard let d = fixed(bits, width: 8, limit: limit, { .int64($0.map { Int64(bitPattern: $0) }) }) else { return nil }
            guard case .int64(let bits) = d.dictionary else { return nil }
            return DictionaryEncoded(dictionary: .double(bits.map { Double(bitPattern: UInt64(bitPattern: $0)) }), indices: d.indices, dictionaryBytes: d.dictionaryBytes)
        case .bytes:
            let runs = slices.compactMap { slice in
                if case .bytes(let b) = slice.values { (column: b, values: slice.range) } else { nil }
            }
            return bytes(runs, limit: limit)
        case .boolean, .float, .int96: return nil
        }
    }

    private static func fixed<T: Hashable>(_ runs: [ArraySlice<T>], width: Int, limit: Int, _ make: ([T]) -> ColumnValues) -> DictionaryEncoded? {
        var table: [T: UInt32] = [:]
        var distinct: [T] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        for v in runs.joined() {
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
    private static func bytes(_ runs: [(column: ByteArrayBuffer, values: Range<Int>)], limit: Int) -> DictionaryEncoded? {
        var distinct = ByteArrayBuffer()
        var slots = [Int32](repeating: -1, count: 1024)
        var mask = slots.count - 1
        var hashes: [UInt64] = []
        var indices: [UInt32] = []
        indices.reserveCapacity(runs.reduce(0) { $0 + $1.values.count })
        var dictionaryBytes = 0
        for (column, values) in runs {
            let fits = column.data.withUnsafeBufferPointer { data -> Bool in
                for i in values {
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
                            if dictionaryBytes > limit { return false }
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
                return true
            }
            if !fits { return nil }
        }
        return DictionaryEncoded(dictionary: .bytes(distinct), indices: indices, dictionaryBytes: dictionaryBytes)
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
