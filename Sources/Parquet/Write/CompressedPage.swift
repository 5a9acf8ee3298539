/// A page as it goes into the file: its header, then its bytes, compressed.
struct CompressedPage: Sendable {
    var bytes: [UInt8]
    /// The header's size plus the payload's before compression, for the chunk's `total_uncompressed_size`.
    var uncompressedSize: Int

    /// Compresses a drafted page with `compressor`, or stores it as it is when the codec is `none`.
    init(header: PageHeader, payload: [UInt8], compressor: PageCompressor) throws {
        var header = header
        var writer = ThriftWriter()
        bytes = try payload.withUnsafeBytes { payload in
            let stored = try compressor.compress(payload)
            header.compressedPageSize = Int32(stored?.count ?? payload.count)
            if let stored {
                writer.writeStructBody { $0.write(header.checksummed(stored)) }
            } else {
                writer.writeStructBody { $0.write(header.checksummed(payload)) }
            }
            var bytes = [UInt8]()
            bytes.reserveCapacity(writer.bytes.count + Int(header.compressedPageSize))
            bytes.append(contentsOf: writer.bytes)
            if let stored { bytes.append(contentsOf: stored) } else { bytes.append(contentsOf: payload) }
            return bytes
        }
        uncompressedSize = writer.bytes.count + payload.count
    }
}
