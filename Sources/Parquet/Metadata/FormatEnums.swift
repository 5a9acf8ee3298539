/// Parquet's physical types (parquet.thrift `Type`).
public enum PhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

/// How often a field occurs in its parent (parquet.thrift `FieldRepetitionType`).
public enum Repetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}

/// How a page's values or levels are laid out (parquet.thrift `Encoding`).
public enum Encoding: Int32, Sendable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5, deltaLengthByteArray = 6
    case deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

/// The codec of a column chunk's pages (parquet.thrift `CompressionCodec`).
public enum CompressionCodec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
}

enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

/// Logical annotations we write and recognize.
public enum LogicalType: Sendable, Equatable {
    case string
    case list
    case map
    case timestampMicrosUTC
    case timestamp(unit: String, utc: Bool)
    case integer(bitWidth: Int, signed: Bool)
    case date
    case decimal(scale: Int, precision: Int)
    case other(Int16)
}
