/// Column chunk statistics (parquet.thrift `Statistics`).
public struct Statistics: Sendable, Equatable {
    /// Nulls in the chunk (`null_count`).
    public var nullCount: Int64?
    /// Distinct values, when a writer counted them (`distinct_count`).
    public var distinctCount: Int64?
    /// The smallest value in the column's sort order, PLAIN-encoded (`min_value`).
    public var minValue: [UInt8]?
    /// The largest value in the column's sort order, PLAIN-encoded (`max_value`).
    public var maxValue: [UInt8]?
    /// Deprecated signed-order fields, written only for numeric types.
    public var legacyMin: [UInt8]?
    /// The deprecated maximum, as `legacyMin`.
    public var legacyMax: [UInt8]?
    /// Whether `minValue` is a value of the chunk rather than a bound below it (`is_min_value_exact`).
    public var isMinExact: Bool?
    /// Whether `maxValue` is a value of the chunk rather than a bound above it (`is_max_value_exact`).
    public var isMaxExact: Bool?

    /// Statistics with nothing known.
    public init() {}
}

/// One entry of the footer's application metadata (parquet.thrift `KeyValue`).
public struct KeyValue: Sendable, Equatable {
    /// The entry's name.
    public var key: String
    /// The entry's text, if it has one.
    public var value: String?
}

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

/// One column of a row group (parquet.thrift `ColumnChunk`).
public struct ColumnChunk: Sendable {
    /// Deprecated by the format; written as 0, as parquet-java and arrow do.
    public var fileOffset: Int64
    /// The chunk's metadata, written inline in the footer.
    public var metaData: ColumnMetaData
}

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
