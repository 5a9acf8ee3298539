/// A row group's rows on their way to the encoder: its columns' slices, and the batches they lie in.
///
/// Shared with the encoding thread, which lets go of them as soon as the group's pages are drafted: the pages
/// then hold every value, and the batches can be refilled with the next files while the pages are compressed.
final class GroupRows: @unchecked Sendable {
    private(set) var columns: [ChunkColumn]
    private var batches: [RowBatch]

    init(columns: [ChunkColumn], batches: [RowBatch]) {
        self.columns = columns
        self.batches = batches
    }

    /// Lets go of the rows; only the encoding thread calls it, once, after drafting.
    func release() {
        // The slices first: a batch seen free by a `isKnownUniquelyReferenced` check must have no shared arrays left.
        columns = []
        batches = []
    }
}
