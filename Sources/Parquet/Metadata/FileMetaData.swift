/// Column chunk statistics (parquet.thrift `Statistics`).
public struct Statistics: Sendable, Equatable {
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var minValue: [UInt8]?
    public var maxValue: [UInt8]?
    /// Deprecated signed-order fields, written only for numeric types.
    public var legacyMin: [UInt8]?
    public var legacyMax: [UInt8]?
    public var isMinExact: Bool?
    public var isMaxExact: Bool?

    public init() {}
}

public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: String?
}

public struct ColumnMetaData: Sendable {
    public var type: PhysicalType
    public var encodings: [Encoding]
    public var pathInSchema: [String]
    public var codec: CompressionCodec
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var dataPageOffset: Int64
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?
}

public struct ColumnChunk: Sendable {
    public var fileOffset: Int64
    public var metaData: ColumnMetaData
}

public struct RowGroup: Sendable {
    public var columns: [ColumnChunk]
    public var totalByteSize: Int64
    public var numRows: Int64
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?
}

public struct FileMetaData: Sendable {
    public var version: Int32
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var keyValueMetadata: [KeyValue]
    public var createdBy: String?
    /// Whether every leaf has TypeDefinedOrder.
    public var columnOrdersWritten: Bool
}
