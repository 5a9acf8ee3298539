import Foundation
import CLibdeflate

/// The page CRC of parquet.thrift's PageHeader.crc: CRC32 (zlib's polynomial) of the page bytes as stored,
/// after compression, as parquet-java writes and checks it.
enum PageChecksum {
    /// libdeflate's CRC-32 (folding with carry-less multiplication where the CPU has it), several times zlib's.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        return libdeflate_crc32(0, base, bytes.count)
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
