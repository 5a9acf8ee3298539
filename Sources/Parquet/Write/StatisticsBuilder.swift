/// Chunk statistics: null count, and min/max in the order the column's type defines.
enum StatisticsBuilder {
    /// Binary min/max longer than this are truncated (and marked inexact).
    static let maxBinaryLength = 64

    /// The statistics of a chunk whose values are `values`.
    static func statistics(for values: ColumnValues, nullCount: Int, descriptor: ColumnDescriptor) -> Statistics {
        statistics(for: [ColumnValues.Slice(values)], nullCount: nullCount, descriptor: descriptor)
    }

    /// The statistics of a chunk whose values are `slices`, in order.
    static func statistics(for slices: [ColumnValues.Slice], nullCount: Int, descriptor: ColumnDescriptor) -> Statistics {
        var stats = Statistics()
        stats.nullCount = Int64(nullCount)
        guard let first = slices.first else { return stats }
        func little<T>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        switch first.values {
        case .int64:
            let v = slices.runs(\.int64s).joined()
            if let lo = v.min(), let hi = v.max() { set(&stats, little(lo), little(hi), legacy: true) }
        case .int32:
            let v = slices.runs(\.int32s).joined()
            if let lo = v.min(), let hi = v.max() { set(&stats, little(lo), little(hi), legacy: true) }
        case .double:
            let finite = slices.runs(\.doubles).joined().lazy.filter { !$0.isNaN }
            if var lo = finite.min(), var hi = finite.max() {
                // The spec asks for -0.0 as the min and +0.0 as the max when zero is an extreme.
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                set(&stats, little(lo), little(hi), legacy: true)
            }
        case .float:
            let finite = slices.runs(\.floats).joined().lazy.filter { !$0.isNaN }
            if let lo = finite.min(), let hi = finite.max() { set(&stats, little(lo), little(hi), legacy: true) }
        case .boolean:
            let v = slices.runs(\.booleans).joined()
            if !v.isEmpty {
                set(&stats, [v.contains(false) ? 0 : 1], [v.contains(true) ? 1 : 0], legacy: true)
            }
        case .bytes:
            var lo: ArraySlice<UInt8>?, hi: ArraySlice<UInt8>?
            for slice in slices {
                guard case .bytes(let b) = slice.values, let (l, h) = extremes(b, slice.range) else { continue }
                // Byte order, a prefix first: what `extremes` finds with memcmp and lengths.
                if lo.map({ b[l].lexicographicallyPrecedes($0) }) ?? true { lo = b[l] }
                if hi.map({ $0.lexicographicallyPrecedes(b[h]) }) ?? true { hi = b[h] }
            }
            guard let lo, let hi else { break }
            // Copied out of the batch: an `Array` of a slice spanning its whole buffer would share (and keep) it.
            let minValue = lo.withUnsafeBufferPointer { Array($0) }, maxValue = hi.withUnsafeBufferPointer { Array($0) }
            stats.minValue = truncatedMin(minValue)
            stats.isMinExact = stats.minValue == minValue
            if let truncated = truncatedMax(maxValue) {
                stats.maxValue = truncated
                stats.isMaxExact = truncated == maxValue
            }
        case .int96:
            break
        }
        return stats
    }

    /// The indices of the least and the greatest of values `range`, in byte order.
    private static func extremes(_ b: ByteArrayBuffer, _ range: Range<Int>) -> (Int, Int)? {
        guard !range.isEmpty else { return nil }
        var lo = range.lowerBound, hi = range.lowerBound
        b.data.withUnsafeBytes { raw in
            func compare(_ i: Int, _ j: Int) -> Int32 {
                let li = b.offsets[i + 1] - b.offsets[i], lj = b.offsets[j + 1] - b.offsets[j]
                let n = min(li, lj)
                let c = n == 0 ? 0 : memcmp(raw.baseAddress! + b.offsets[i], raw.baseAddress! + b.offsets[j], n)
                return c != 0 ? c : Int32(li - lj).signum()
            }
            for i in range.dropFirst() {
                if compare(i, lo) < 0 { lo = i }
                if compare(i, hi) > 0 { hi = i }
            }
        }
        return (lo, hi)
    }

    private static func set(_ stats: inout Statistics, _ lo: [UInt8], _ hi: [UInt8], legacy: Bool) {
        stats.minValue = lo
        stats.maxValue = hi
        if legacy {
            stats.legacyMin = lo
            stats.legacyMax = hi
        }
        stats.isMinExact = true
        stats.isMaxExact = true
    }

    /// A prefix that is ≤ the value, cut at a UTF-8 character boundary.
    static func truncatedMin(_ value: [UInt8]) -> [UInt8] {
        guard value.count > maxBinaryLength else { return value }
        var end = maxBinaryLength
        while end > 0, value[end] & 0xC0 == 0x80 { end -= 1 }
        return Array(value[..<end])
    }

    /// A short value ≥ every value with the same prefix: the prefix with its last character incremented.
    static func truncatedMax(_ value: [UInt8]) -> [UInt8]? {
        guard value.count > maxBinaryLength else { return value }
        var scalars = Array(String(decoding: truncatedMin(value), as: UTF8.self).unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if (0xD800...0xDFFF).contains(next) { next = 0xE000 }
            if let incremented = Unicode.Scalar(next) {
                scalars.append(incremented)
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars)
                return Array(String(s).utf8)
            }
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
