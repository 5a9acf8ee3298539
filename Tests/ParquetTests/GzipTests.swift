import SeededRandom
import Testing
@testable import Parquet

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
