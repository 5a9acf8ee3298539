import Dispatch

/// Encodes a row group's column chunks on every core: first each column is drafted into pages (columns in
/// parallel), then every page of every column is compressed (pages in parallel, largest first).
///
/// Compressing column by column left the long text column alone on one core at the end of every group while
/// the other core waited; with 1 MiB pages there are about thirty pieces of work per group to share instead.
struct RowGroupEncoder: Sendable {
    let options: ParquetWriterOptions
    let compressors: PageCompressor.Pool
    let buffers: ByteBufferPool

    /// The encoded chunks of `rows`' columns, in their order, or the first error of each column. Lets go of
    /// `rows` once the pages are drafted.
    func encode(_ rows: GroupRows) -> [Result<EncodedChunk, any Error>] {
        let drafts = draft(rows.columns)
        rows.release()
        let columnCount = drafts.count

        // Every page in one list, moved out of its draft so that a payload goes back to the pool uniquely
        // referenced (and so reused rather than copied).
        let pageCounts = (0..<columnCount).map { drafts[$0]!.pages.count }
        let firstPage = pageCounts.indices.map { pageCounts[..<$0].reduce(0, +) }
        let payloads = Slots<ChunkDraft.Page>(count: pageCounts.reduce(0, +))
        for c in 0..<columnCount {
            for (p, page) in drafts[c]!.pages.enumerated() { payloads[firstPage[c] + p] = page }
            drafts[c]!.pages = []
        }
        let byLength = (0..<payloads.count).sorted { payloads[$0]!.payload.count > payloads[$1]!.payload.count }
        let pages = Slots<Result<CompressedPage, any Error>>(count: payloads.count)
        DispatchQueue.concurrentPerform(iterations: byLength.count) { k in
            let j = byLength[k]
            var page = payloads.take(j)!
            let payload = page.payload
            page.payload = []
            pages[j] = Result {
                let compressor = try compressors.take()
                defer { compressors.give(compressor) }
                return try CompressedPage(header: page.header, payload: payload, compressor: compressor)
            }
            buffers.give(payload)
        }

        return (0..<columnCount).map { c in
            Result {
                let compressed = try (firstPage[c]..<(firstPage[c] + pageCounts[c])).map { try pages[$0]!.get() }
                return EncodedChunk(drafts[c]!, pages: compressed, codec: options.compression.codec)
            }
        }
    }

    /// Drafts every column's pages, columns in parallel.
    private func draft(_ columns: [ChunkColumn]) -> Slots<ChunkDraft> {
        let encoder = ColumnChunkEncoder(options: options, buffers: buffers)
        let drafts = Slots<ChunkDraft>(count: columns.count)
        // Largest first, so the long text column starts at once and the small ones fill the other core.
        let order = columns.indices.sorted { columns[$0].valueBytes > columns[$1].valueBytes }
        DispatchQueue.concurrentPerform(iterations: order.count) { k in
            drafts[order[k]] = encoder.draft(columns[order[k]])
        }
        return drafts
    }
}
