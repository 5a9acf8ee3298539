import SeededRandom
import Testing
@testable import Parquet

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
