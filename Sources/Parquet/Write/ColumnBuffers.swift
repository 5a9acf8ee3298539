/// A row group's column buffers, shared read-only with the encoding workers and taken back afterwards
/// (taking leaves the buffers uniquely referenced, so emptying them keeps their memory instead of copying).
final class ColumnBuffers: @unchecked Sendable {
    private(set) var columns: [ColumnBuffer]

    init(_ columns: [ColumnBuffer]) { self.columns = columns }

    /// Only after the workers are done.
    func take() -> [ColumnBuffer] {
        defer { columns = [] }
        return columns
    }
}
