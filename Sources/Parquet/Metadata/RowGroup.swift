/// A horizontal slice of the file, one chunk per leaf column (parquet.thrift `RowGroup`).
public struct RowGroup: Sendable {
    /// The group's column chunks, in schema leaf order.
    public var columns: [ColumnChunk]
    /// Bytes of all its chunks before compression.
    public var totalByteSize: Int64
    /// Rows in the group.
    public var numRows: Int64
    /// File offset of the group's first page.
    public var fileOffset: Int64?
    /// Bytes of all its chunks as stored.
    public var totalCompressedSize: Int64?
    /// The group's position in the file, from 0.
    public var ordinal: Int16?
}
