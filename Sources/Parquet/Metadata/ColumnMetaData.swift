/// Where a column chunk's pages are and what they hold (parquet.thrift `ColumnMetaData`).
public struct ColumnMetaData: Sendable {
    /// The leaf's physical type.
    public var type: PhysicalType
    /// Every encoding used in the chunk's pages.
    public var encodings: [Encoding]
    /// The leaf's path from the schema root, one name per level.
    public var pathInSchema: [String]
    /// The codec of every page in the chunk.
    public var codec: CompressionCodec
    /// Level entries in the chunk: values and nulls, and for lists their empty entries.
    public var numValues: Int64
    /// Bytes of the chunk's pages, headers included, before compression.
    public var totalUncompressedSize: Int64
    /// Bytes of the chunk's pages as stored.
    public var totalCompressedSize: Int64
    /// File offset of the first data page.
    public var dataPageOffset: Int64
    /// File offset of the dictionary page, when there is one.
    public var dictionaryPageOffset: Int64?
    /// The chunk's statistics, when written.
    public var statistics: Statistics?
}
