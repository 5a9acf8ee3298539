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
    /// UTF-8 text in a BYTE_ARRAY.
    case string
    /// A group of one repeated field: a list.
    case list
    /// A group of repeated key/value groups.
    case map
    /// INT64 microseconds since the epoch, UTC: what we write for `timestamp`.
    case timestampMicrosUTC
    /// Any other timestamp: unit `MILLIS`, `MICROS` or `NANOS`, adjusted to UTC or local.
    case timestamp(unit: String, utc: Bool)
    /// An integer of `bitWidth` bits (8, 16, 32, 64) in INT32 or INT64.
    case integer(bitWidth: Int, signed: Bool)
    /// INT32 days since the epoch.
    case date
    /// An unscaled integer with `scale` digits after the point.
    case decimal(scale: Int, precision: Int)
    /// IEEE 754 half-precision floats in 2-byte FIXED_LEN_BYTE_ARRAY.
    case float16
    /// A union member we do not interpret, by its field id.
    case other(Int16)
}

/// The legacy `ConvertedType` annotations (parquet.thrift), which older writers use instead of logical types and
/// which we still write beside them for older readers.
public enum ConvertedType: Int32, Sendable {
    case utf8 = 0, map = 1, mapKeyValue = 2, list = 3, enumeration = 4, decimal = 5, date = 6
    case timeMillis = 7, timeMicros = 8, timestampMillis = 9, timestampMicros = 10
    case uint8 = 11, uint16 = 12, uint32 = 13, uint64 = 14, int8 = 15, int16 = 16, int32 = 17, int64 = 18
    case json = 19, bson = 20, interval = 21
}
