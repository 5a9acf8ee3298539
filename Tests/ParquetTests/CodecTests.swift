import Foundation
import Testing
@testable import Parquet

/// Bytes no codec can shrink (a fixed-seed xorshift stream, so a failure reproduces).
func incompressibleBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state >> 24)
    }
}

/// Text with repeats near and far, over several 64 KiB Snappy blocks.
func productText(_ count: Int) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    while out.count < count {
        out += Array("Sản phẩm \(i % 977) — giá \(i * 7919 % 100_000) VND, https://salt.tikicdn.com/ts/product/\(i % 13)/a\(i).jpg\n".utf8)
        i += 1
    }
    return Array(out.prefix(count))
}

@Suite struct CodecTests {
    static let samples: [(String, [UInt8])] = [
        ("empty", []),
        ("one byte", [42]),
        ("14 bytes, under Snappy's margin", Array("abcabcabcabcab".utf8)),
        ("a run", [UInt8](repeating: 7, count: 100_000)),
        ("text over 64 KiB blocks", productText(300_000)),
        ("incompressible", incompressibleBytes(200_000)),
        ("mixed", productText(70_000) + incompressibleBytes(70_000) + productText(70_000)),
    ]

    @Test(arguments: samples.indices)
    func snappyRoundTrips(index: Int) throws {
        let (name, input) = Self.samples[index]
        let compressed = Snappy.compress(input)
        #expect(compressed.count <= Snappy.maxCompressedLength(input.count), "\(name)")
        let back = try compressed.withUnsafeBytes { try Snappy.decompress($0, size: input.count) }
        #expect(back == input, "\(name)")
    }

    @Test func snappyShrinksTextAndBarelyGrowsNoise() {
        let text = productText(300_000)
        #expect(Snappy.compress(text).count < text.count / 3)
        let noise = incompressibleBytes(300_000)
        #expect(Snappy.compress(noise).count < noise.count + noise.count / 100)
    }

    @Test func snappyCodesLongMatchesAndFarOffsets() throws {
        // A 1,000-byte match (several copy elements) and a copy reaching back almost 64 KiB.
        let head = incompressibleBytes(1000)
        let input = head + head + incompressibleBytes(63_000, seed: 7) + head
        let back = try Snappy.compress(input).withUnsafeBytes { try Snappy.decompress($0, size: input.count) }
        #expect(back == input)
    }

    @Test(arguments: samples.indices)
    func zstdRoundTrips(index: Int) throws {
        let (name, input) = Self.samples[index]
        for level in [1, 3, 19] {
            let compressed = try Zstd.compress(input, level: level)
            let back = try compressed.withUnsafeBytes { try Zstd.decompress($0, size: input.count) }
            #expect(back == input, "\(name) level \(level)")
        }
    }

    @Test func zstdFollowsConcatenatedFramesAndChecksTheSize() throws {
        let a = productText(5000), b = incompressibleBytes(3000)
        let joined = try Zstd.compress(a, level: 1) + Zstd.compress(b, level: 9)
        #expect(try joined.withUnsafeBytes { try Zstd.decompress($0, size: a.count + b.count) } == a + b)
        #expect(throws: ParquetFormatError.self) { try joined.withUnsafeBytes { try Zstd.decompress($0, size: a.count + b.count + 1) } }
        #expect(throws: ParquetFormatError.self) { try [1, 2, 3, 4, 5].withUnsafeBytes { try Zstd.decompress($0, size: 10) } }
    }

    @Test(arguments: samples.indices)
    func gzipRoundTripsAtEveryLevel(index: Int) throws {
        let (name, input) = Self.samples[index]
        for level in [1, 6, 9, 12] {
            let compressed = try Gzip.compress(input, level: level)
            let back = try compressed.withUnsafeBytes { try Gzip.decompress($0, size: input.count) }
            #expect(back == input, "\(name) level \(level)")
        }
    }

    @Test func gzipReadsZlibStreamsFromOtherWriters() throws {
        // A zlib-wrapped page (78 9c …), as some writers produce for GZIP: libdeflate refuses it, zlib reads it.
        // Python: zlib.compress(b"Gia san pham tren Tiki, " * 40, 6)
        let input = Array(String(repeating: "Gia san pham tren Tiki, ", count: 40).utf8)
        let zlibStream: [UInt8] = [
            0x78, 0x9c, 0x73, 0xcf, 0x4c, 0x54, 0x28, 0x4e, 0xcc, 0x53, 0x28, 0xc8, 0x48, 0xcc, 0x55, 0x28, 0x29, 0x4a, 0xcd, 0x53, 0x08,
            0xc9, 0xcc, 0xce, 0xd4, 0x51, 0x70, 0x1f, 0x15, 0x1f, 0x15, 0x1f, 0x15, 0x1f, 0xf4, 0xe2, 0x00, 0x90, 0xd3, 0x42, 0x68,
        ]
        #expect(try zlibStream.withUnsafeBytes { try Gzip.decompress($0, size: input.count) } == input)
    }

    @Test(arguments: [
        ParquetWriterOptions.Compression.gzip(level: 6), .gzip(level: 12), .zstd(level: 3), .zstd(level: 22), .snappy, .none,
    ])
    func everyCodecRoundTripsThroughTheReader(compression: ParquetWriterOptions.Compression) throws {
        var options = ParquetWriterOptions()
        options.compression = compression
        options.rowGroupRows = 400
        let rows = (0..<997).map(everyTypeRow)
        let (reader, back) = try roundTrip(everyTypeFields, rows, options: options)
        #expect(back == rows)
        for group in reader.metadata.rowGroups {
            #expect(group.columns.allSatisfy { $0.metaData.codec == compression.codec })
        }
    }

    @Test(arguments: [ParquetWriterOptions.Compression.gzip(level: 6), .zstd(level: 3), .snappy])
    func bigPagesOfTextAndNoiseRoundTrip(compression: ParquetWriterOptions.Compression) throws {
        // Pages of about 1 MiB, far over Snappy's 64 KiB block: text that compresses and bytes that do not.
        var options = ParquetWriterOptions()
        options.compression = compression
        options.dictionary = .off
        let fields = [ParquetField(name: "text", type: .string), ParquetField(name: "noise", type: .string)]
        let rows: [[ParquetValue]] = (0..<40).map { i in
            let noise = incompressibleBytes(30_000, seed: UInt64(i + 1)).map { 0x20 + $0 % 0x5F }
            return [.string(String(decoding: productText(30_000 + i), as: UTF8.self)), .string(String(decoding: noise, as: UTF8.self))]
        }
        let (reader, back) = try roundTrip(fields, rows, options: options)
        #expect(back == rows)
        // The noise is printable ASCII, so entropy coding still takes about a sixth off: it stays over 3/4.
        let noise = reader.metadata.rowGroups[0].columns[1].metaData
        #expect(noise.totalUncompressedSize > 1_000_000)
        #expect(noise.totalCompressedSize * 4 > noise.totalUncompressedSize * 3)
    }
}
