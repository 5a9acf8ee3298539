/// Whole rows of one leaf column, left where they were shredded: a run of a batch's column, or the rows a writer
/// took one at a time. A row group is a list of these per column (`ChunkColumn`), so a batch's text reaches its
/// pages without first being copied into a buffer of the group's own.
struct ColumnSlice: Sendable {
    /// The buffer, shared (not copied) as long as nobody changes it.
    let buffer: ColumnBuffer
    /// The slice's level entries in `buffer`.
    let entries: Range<Int>
    /// The slice's values in `buffer`.
    let values: Range<Int>
}
