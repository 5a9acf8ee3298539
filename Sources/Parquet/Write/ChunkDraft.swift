/// A column chunk encoded into pages that are not compressed yet.
///
/// Drafting (statistics, the dictionary, levels and values into page payloads) runs in order through one
/// column; compressing, the costly part, needs nothing but one page. Splitting the two lets every page of a
/// row group be compressed on whichever core is free, so one long text column no longer leaves the other
/// core waiting at the end of each group.
struct ChunkDraft: Sendable {
    /// One page: its header, whose compressed size and checksum are filled in once compressed, and its bytes.
    struct Page: Sendable {
        var header: PageHeader
        var payload: [UInt8]
    }

    var pages: [Page] = []
    /// Whether `pages` starts with the dictionary page.
    var hasDictionaryPage = false
    var numValues = 0
    var encodings: [Encoding] = []
    var statistics = Statistics()
}

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
