import Foundation
import CZlib

/// The page CRC of parquet.thrift's PageHeader.crc: CRC32 (zlib's polynomial) of the page bytes as stored,
/// after compression, as parquet-java writes and checks it.
enum PageChecksum {
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        var crc = CZlib.crc32(0, nil, 0)
        var offset = 0
        // zlib takes a 32-bit length: feed very large pages in pieces.
        while offset < bytes.count {
            let piece = min(bytes.count - offset, 1 << 30)
            crc = CZlib.crc32(crc, base.assumingMemoryBound(to: UInt8.self) + offset, UInt32(piece))
            offset += piece
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    static func crc32(_ bytes: some ContiguousBytes) -> UInt32 {
        bytes.withUnsafeBytes { crc32($0) }
    }
}

extension PageHeader {
    /// The header with `crc` set for the page bytes `body` (as stored, after compression).
    func checksummed(_ body: some ContiguousBytes) -> PageHeader {
        var header = self
        header.crc = Int32(bitPattern: PageChecksum.crc32(body))
        return header
    }
}
