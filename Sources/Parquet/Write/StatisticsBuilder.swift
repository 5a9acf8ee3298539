/// Chunk statistics: null count, and min/max in the order the column's type defines.
enum StatisticsBuilder {
    /// Binary min/max longer than this are truncated (and marked inexact).
    static let maxBinaryLength = 64

    static func statistics(for values: ColumnValues, nullCount: Int, descriptor: ColumnDescriptor) -> Statistics {
        var stats = Statistics()
        stats.nullCount = Int64(nullCount)
        func little<T>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        switch values {
        case .int64(let v):
            if let lo = v.min(), let hi = v.max() { set(&stats, little(lo), little(hi), legacy: true) }
        case .int32(let v):
            if let lo = v.min(), let hi = v.max() { set(&stats, little(lo), little(hi), legacy: true) }
        case .double(let v):
            let finite = v.filter { !$0.isNaN }
            if var lo = finite.min(), var hi = finite.max() {
                // The spec asks for -0.0 as the min and +0.0 as the max when zero is an extreme.
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                set(&stats, little(lo), little(hi), legacy: true)
            }
        case .float(let v):
            let finite = v.filter { !$0.isNaN }
            if let lo = finite.min(), let hi = finite.max() { set(&stats, little(lo), little(hi), legacy: true) }
        case .boolean(let v):
            if !v.isEmpty {
                set(&stats, [v.contains(false) ? 0 : 1], [v.contains(true) ? 1 : 0], legacy: true)
            }
        case .bytes(let b):
            guard b.count > 0 else { break }
            var lo = 0, hi = 0
            b.data.withUnsafeBytes { raw in
                func compare(_ i: Int, _ j: Int) -> Int32 {
                    let li = b.offsets[i + 1] - b.offsets[i], lj = b.offsets[j + 1] - b.offsets[j]
                    let n = min(li, lj)
                    let c = n == 0 ? 0 : memcmp(raw.baseAddress! + b.offsets[i], raw.baseAddress! + b.offsets[j], n)
                    return c != 0 ? c : Int32(li - lj).signum()
                }
                for i in 1..<b.count {
                    if compare(i, lo) < 0 { lo = i }
                    if compare(i, hi) > 0 { hi = i }
                }
            }
            let minValue = Array(b[lo]), maxValue = Array(b[hi])
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
