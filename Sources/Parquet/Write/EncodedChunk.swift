/// One column chunk, encoded, with offsets relative to its first byte.
struct EncodedChunk: Sendable {
    /// The chunk's pages as they go into the file, in order; written one by one rather than joined into one more
    /// buffer first.
    var pages: [[UInt8]] = []
    /// The bytes of all `pages`.
    var byteCount = 0
    var dictionaryPageOffset: Int?
    var dataPageOffset = 0
    var numValues = 0
    var totalUncompressedSize = 0
    var encodings: [Encoding] = []
    var statistics = Statistics()
    var codec = CompressionCodec.uncompressed

    /// The chunk of `draft` made of its `pages`, compressed in the draft's order.
    init(_ draft: ChunkDraft, pages: [CompressedPage], codec: CompressionCodec) {
        if draft.hasDictionaryPage {
            dictionaryPageOffset = 0
            dataPageOffset = pages[0].bytes.count
        }
        self.pages = pages.map(\.bytes)
        byteCount = pages.reduce(0) { $0 + $1.bytes.count }
        totalUncompressedSize = pages.reduce(0) { $0 + $1.uncompressedSize }
        numValues = draft.numValues
        encodings = draft.encodings
        statistics = draft.statistics
        self.codec = codec
    }
}
