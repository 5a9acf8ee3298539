/// One column of a row group (parquet.thrift `ColumnChunk`).
public struct ColumnChunk: Sendable {
    /// Deprecated by the format; written as 0, as parquet-java and arrow do.
    public var fileOffset: Int64
    /// The chunk's metadata, written inline in the footer.
    public var metaData: ColumnMetaData
}
