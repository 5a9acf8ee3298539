/// Rows already shredded into leaf columns, ready for `ParquetWriter.write(_:rows:)`.
///
/// A batch is built off the writer's thread (`RowBatchBuilder`), so readers can shred in parallel while the
/// writer only notes which rows of it each row group takes, and drafts the group's pages from the batches
/// themselves. It remembers where each row ends in every column, so the writer can cut it exactly where a row
/// group or a file fills, as if the rows had come one at a time.
///
/// A class, because a batch is a buffer handed from thread to thread and then reused: once the writer lets go
/// of it (`isKnownUniquelyReferenced`), its megabytes of text are emptied and refilled in place.
public final class RowBatch: @unchecked Sendable {
    var columns: [ColumnBuffer]
    /// Row `r`, leaf `c`: `ends[r * columns.count + c]` is the column's (entries, values) after the row.
    var ends: [RowEnd] = []

    struct RowEnd: Sendable {
        var entries: Int
        var values: Int
    }

    /// The rows in the batch.
    public var rowCount: Int { columns.isEmpty ? 0 : ends.count / columns.count }

    init(columns: [ColumnBuffer], ends: [RowEnd]) {
        self.columns = columns
        self.ends = ends
    }

    /// What a batch holds, column by column: a new batch can reserve room like it
    /// (`RowBatchBuilder(schema:reservingLike:)`).
    public struct Size: Sendable {
        let rows: Int
        let columns: [ColumnBuffer.Room]

        /// The larger of each size: room for either batch.
        public static func largest(_ a: Size, _ b: Size) -> Size {
            guard a.columns.count == b.columns.count else { return b }
            return Size(rows: max(a.rows, b.rows), columns: zip(a.columns, b.columns).map(ColumnBuffer.Room.largest))
        }
    }

    /// What the batch holds.
    public var size: Size { Size(rows: rowCount, columns: columns.map(\.room)) }

    /// Empties the batch for reuse, keeping its memory: text columns of a batch are megabytes, and fresh ones
    /// for every batch cost more in page faults than filling them.
    public func removeAll() {
        for c in columns.indices { columns[c].removeAll() }
        ends.removeAll(keepingCapacity: true)
    }

    /// Where rows `rows` lie in column `c`: its entries and its values.
    func span(of rows: Range<Int>, column c: Int) -> (entries: Range<Int>, values: Range<Int>) {
        let start = rows.lowerBound == 0 ? RowEnd(entries: 0, values: 0) : ends[(rows.lowerBound - 1) * columns.count + c]
        let end = rows.isEmpty ? start : ends[(rows.upperBound - 1) * columns.count + c]
        return (start.entries..<end.entries, start.values..<end.values)
    }

    /// How much rows `rows` add to a row group's size estimate (`ParquetWriter.bufferedBytes`) of each column.
    func sizes(of rows: Range<Int>) -> [(valueBytes: Int, entries: Int)] {
        columns.indices.map { c in
            let (entries, values) = span(of: rows, column: c)
            return (columns[c].valueBytes(values: values), entries.count)
        }
    }
}
