import SeededRandom
import Testing
@testable import Parquet

@Suite struct StatisticsTests {
    func stats(_ strings: [String]) -> Statistics {
        var b = ByteArrayBuffer()
        for s in strings { b.append(s) }
        let d = ColumnDescriptor(path: ["s"], physicalType: .byteArray, maxDefinitionLevel: 1, maxRepetitionLevel: 0)
        return StatisticsBuilder.statistics(for: .bytes(b), nullCount: 2, descriptor: d)
    }

    @Test func stringsCompareAsUnsignedBytes() {
        let s = stats(["b", "Z", "é", "a", ""])
        #expect(s.minValue == [])
        #expect(s.maxValue == Array("é".utf8), "0xC3 sorts above ASCII as unsigned")
        #expect(s.nullCount == 2)
        #expect(s.legacyMin == nil, "deprecated signed min/max are not written for strings")
    }

    @Test func longStringsAreTruncatedAndMarkedInexact() {
        let long = String(repeating: "ả", count: 100)
        let s = stats([long, "a"])
        #expect(s.minValue == Array("a".utf8))
        #expect(s.maxValue!.count <= StatisticsBuilder.maxBinaryLength)
        #expect(s.isMaxExact == false)
        #expect(s.maxValue!.lexicographicallyPrecedes(Array(long.utf8)) == false, "the truncated max is still ≥ the value")
        #expect(String(validatingUTF8: s.maxValue!.map { CChar(bitPattern: $0) } + [0]) != nil, "still valid UTF-8")
    }

    @Test func numbersGetMinMaxInBothForms() {
        let d = ColumnDescriptor(path: ["n"], physicalType: .int64, maxDefinitionLevel: 0, maxRepetitionLevel: 0)
        let s = StatisticsBuilder.statistics(for: .int64([5, -3, 12]), nullCount: 0, descriptor: d)
        #expect(s.minValue == withUnsafeBytes(of: Int64(-3)) { Array($0) })
        #expect(s.maxValue == withUnsafeBytes(of: Int64(12)) { Array($0) })
        #expect(s.legacyMax == s.maxValue)
    }
}
