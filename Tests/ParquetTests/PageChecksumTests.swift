import Foundation
import Testing
@testable import Parquet

@Suite struct PageChecksumTests {
    static let fields = [
        ParquetField(name: "id", type: .int64, nullable: false),
        ParquetField(name: "status", type: .string, nullable: false),
    ]
    static let rows = (0..<200).map { i in [ParquetValue.int64(0x1122_3344_0000 + Int64(i)), .string(["on", "off"][i % 2])] }

    /// The header of every page of every chunk, with the bytes it covers.
    static func pages(_ bytes: [UInt8]) throws -> [(PageHeader, [UInt8])] {
        let reader = try ParquetFileReader(bytes: bytes, name: "t")
        var pages: [(PageHeader, [UInt8])] = []
        for group in reader.metadata.rowGroups {
            for chunk in group.columns {
                let meta = chunk.metaData
                var position = Int(meta.dictionaryPageOffset ?? meta.dataPageOffset)
                let end = position + Int(meta.totalCompressedSize)
                while position < end {
                    let (header, bodyStart) = try bytes.withBytes { raw throws(ParquetFormatError) in
                        var thrift = ThriftReader(raw, at: position)
                        return (try PageHeader(try thrift.readStruct()), thrift.position)
                    }
                    let bodyEnd = bodyStart + Int(header.compressedPageSize)
                    pages.append((header, Array(bytes[bodyStart..<bodyEnd])))
                    position = bodyEnd
                }
            }
        }
        return pages
    }

    @Test(arguments: [ParquetWriterOptions.Compression.none, .gzip(level: 6)])
    func everyPageCarriesTheCRCOfItsStoredBytes(compression: ParquetWriterOptions.Compression) throws {
        var options = ParquetWriterOptions()
        options.compression = compression
        options.pageBytes = 512
        let bytes = try parquetBytes(Self.fields, Self.rows, options: options)
        let pages = try Self.pages(bytes)
        #expect(pages.count > 3)
        #expect(pages.contains { $0.0.type == .dictionaryPage })
        for (header, body) in pages {
            let crc = try #require(header.crc)
            #expect(UInt32(bitPattern: crc) == PageChecksum.crc32(body))
        }
        #expect(try ParquetFileReader(bytes: bytes, name: "t").readRows() == Self.rows)
    }

    @Test func knownCRC32() {
        // The standard check value of CRC-32 (ISO-HDLC), the polynomial parquet-java uses.
        #expect(PageChecksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func aFlippedByteInAPageBodyIsAChecksumError() throws {
        var options = ParquetWriterOptions()
        options.compression = .none
        options.dictionary = .off
        var bytes = try parquetBytes(Self.fields, Self.rows, options: options)
        // The third id, 0x112233440002, stored little-endian in the first page of column id.
        let at = try #require(firstIndex(of: [0x02, 0x00, 0x44, 0x33, 0x22, 0x11], in: bytes))
        bytes[at] ^= 0x40
        let message = try #require(formatError(bytes))
        #expect(message.contains("mutant.parquet: row group 0, column id: page 0: page checksum mismatch"))
        // Without the check the damage reads as a different value: the checksum is what caught it.
        guard case .rows(let rows) = readAll(bytes, verifyingChecksums: false) else {
            Issue.record("the damaged file should read without checksums")
            return
        }
        #expect(rows[2][0] == .int64(0x1122_3344_0042))
    }
}
