/// One column chunk, encoded, with offsets relative to its first byte.
struct EncodedChunk: Sendable {
    var bytes: [UInt8] = []
    var dictionaryPageOffset: Int?
    var dataPageOffset = 0
    var numValues = 0
    var totalUncompressedSize = 0
    var encodings: [Encoding] = []
    var statistics = Statistics()
    var codec = CompressionCodec.uncompressed

    /// The chunk of `draft` made of its `pages`, compressed in the draft's order.
    init(_ draft: ChunkDraft, pages: [CompressedPage], codec: CompressionCodec) {
        bytes.reserveCapacity(pages.reduce(0) { $0 + $1.bytes.count })
        if draft.hasDictionaryPage {
            dictionaryPageOffset = 0
            dataPageOffset = pages[0].bytes.count
        }
        for page in pages {
            bytes.append(contentsOf: page.bytes)
            totalUncompressedSize += page.uncompressedSize
        }
        numValues = draft.numValues
        encodings = draft.encodings
        statistics = draft.statistics
        self.codec = codec
    }
}
