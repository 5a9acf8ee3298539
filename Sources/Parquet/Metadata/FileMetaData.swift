/// A Parquet file's footer (parquet.thrift `FileMetaData`).
public struct FileMetaData: Sendable {
    /// The format version the writer followed (1 here, as most writers write).
    public var version: Int32
    /// The schema, flattened depth-first, the root first.
    public var schema: [SchemaElement]
    /// Rows in the file.
    public var numRows: Int64
    /// The row groups, in file order.
    public var rowGroups: [RowGroup]
    /// Application metadata (`key_value_metadata`).
    public var keyValueMetadata: [KeyValue]
    /// The writer that made the file (`created_by`), such as `parquet-swift version 0.1.0`.
    public var createdBy: String?
    /// Whether every leaf has TypeDefinedOrder.
    public var columnOrdersWritten: Bool
}
