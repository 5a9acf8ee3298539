import SeededRandom
import Testing
@testable import Parquet

@Suite struct ThriftCompactTests {
    @Test func fieldHeadersUseDeltasAndLongFormBeyondFifteen() {
        var w = ThriftWriter()
        w.writeStructBody { w in
            w.i32(1, 1)          // 0x15 0x02
            w.string(4, "a")     // 0x38 0x01 'a'
            w.i64(20, -1)        // delta 16: 0x06, zigzag(20)=0x28, zigzag(-1)=0x01
            w.bool(21, true)     // 0x11
            w.struct(22) { _ in } // 0x1C 0x00
        }
        #expect(w.bytes == [0x15, 0x02, 0x38, 0x01, 0x61, 0x06, 0x28, 0x01, 0x11, 0x1C, 0x00, 0x00])
    }

    @Test func listsUseShortAndLongHeaders() {
        var w = ThriftWriter()
        w.writeStructBody { w in
            w.i32List(1, [1, 2, 3])
            w.i32List(2, Array(repeating: 0, count: 15))
        }
        #expect(Array(w.bytes.prefix(5)) == [0x19, 0x35, 0x02, 0x04, 0x06])
        #expect(Array(w.bytes[5..<8]) == [0x19, 0xF5, 0x0F])
    }

    @Test func readerDecodesWhatTheWriterWrites() throws {
        var w = ThriftWriter()
        w.writeStructBody { w in
            w.i32(1, -7)
            w.stringList(3, ["a", "bc"])
            w.struct(12) { $0.i64(3, 1 << 40) }
            w.bool(30, false)
        }
        let s = try w.bytes.withUnsafeBytes { raw in
            var r = ThriftReader(raw)
            return try r.readStruct()
        }
        #expect(s[1]?.int == -7)
        #expect(s[3]?.list?.compactMap(\.string) == ["a", "bc"])
        #expect(s[12]?.structValue?[3]?.int == 1 << 40)
        #expect(s[30]?.bool == false)
    }
}

@Suite struct RLEHybridTests {
    @Test func longRunsBecomeRLERuns() {
        var out: [UInt8] = []
        RLEHybrid.encode([UInt8](repeating: 1, count: 8), bitWidth: 1, into: &out)
        #expect(out == [0x10, 0x01])
        out = []
        RLEHybrid.encode([UInt32](repeating: 300, count: 100), bitWidth: 9, into: &out)
        #expect(out == [0xC8, 0x01, 0x2C, 0x01])
    }

    @Test func shortRunsAreBitPackedLikeTheSpecExample() {
        var out: [UInt8] = []
        RLEHybrid.encode([0, 1, 2, 3, 4, 5, 6, 7] as [UInt8], bitWidth: 3, into: &out)
        #expect(out == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test func bitWidths() {
        #expect(RLEHybrid.bitWidth(forMax: 0) == 0)
        #expect(RLEHybrid.bitWidth(forMax: 1) == 1)
        #expect(RLEHybrid.bitWidth(forMax: 3) == 2)
        #expect(RLEHybrid.bitWidth(forMax: 4) == 3)
    }

    @Test func roundTripsMixedRunsAtEveryWidth() throws {
        let seed: UInt64 = 0x5EED_0001
        print("RLE round trip seed \(seed)")
        var rng = SplitMix64(seed: seed)
        for width in 1...20 {
            let maxValue = UInt32((1 << width) - 1)
            var values: [UInt32] = []
            while values.count < 5000 {
                let v = UInt32.random(in: 0...maxValue, using: &rng)
                let run = Bool.random(using: &rng) ? Int.random(in: 1...40, using: &rng) : 1
                values += repeatElement(v, count: run)
            }
            var out: [UInt8] = []
            RLEHybrid.encode(values, bitWidth: width, into: &out)
            let decoded = try out.withUnsafeBytes { try RLEHybrid.decode($0, bitWidth: width, count: values.count) }
            #expect(decoded == values, "width \(width)")
        }
    }
}

@Suite struct GzipTests {
    @Test func writesAPlainGzipHeaderAndRoundTrips() throws {
        let input = Array(String(repeating: "Giá sản phẩm trên Tiki ", count: 500).utf8)
        let compressed = try Gzip.compress(input, level: 6)
        #expect(Array(compressed.prefix(10)) == [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03])
        #expect(compressed.count < input.count / 10)
        let back = try compressed.withUnsafeBytes { try Gzip.decompress($0, size: input.count) }
        #expect(back == input)
    }

    @Test func followsConcatenatedMembersAndChecksTheSize() throws {
        let a = Array("first member ".utf8), b = Array("second member".utf8)
        let joined = try Gzip.compress(a, level: 1) + Gzip.compress(b, level: 9)
        #expect(try joined.withUnsafeBytes { try Gzip.decompress($0, size: a.count + b.count) } == a + b)
        #expect(throws: ParquetFormatError.self) { try joined.withUnsafeBytes { try Gzip.decompress($0, size: a.count + b.count + 5) } }
    }
}

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

@Suite struct SnappyTests {
    @Test func literalsAndOverlappingCopies() throws {
        // "abc", then 9 bytes copied from 3 back (a 1-byte-offset copy that overlaps itself), then 4 more via a
        // 2-byte-offset copy.
        let compressed: [UInt8] = [0x10, 0x08, 0x61, 0x62, 0x63, 0x15, 0x03, 0x0E, 0x03, 0x00]
        let out = try compressed.withUnsafeBytes { try Snappy.decompress($0, size: 16) }
        #expect(String(decoding: out, as: UTF8.self) == "abcabcabcabcabca")
    }

    @Test func rejectsBadOffsetsAndWrongSizes() {
        #expect(throws: ParquetFormatError.self) { try ([0x04, 0x15, 0x09] as [UInt8]).withUnsafeBytes { try Snappy.decompress($0, size: 4) } }
        #expect(throws: ParquetFormatError.self) { try ([0x03, 0x08, 0x61, 0x62, 0x63] as [UInt8]).withUnsafeBytes { try Snappy.decompress($0, size: 4) } }
    }
}
