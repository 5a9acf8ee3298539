/// A value of one field of one row. Groups hold their children's values in schema order.
public indirect enum ParquetValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    /// BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values (strings are their UTF-8 bytes).
    case bytes([UInt8])
    case string(String)
    case list([ParquetValue])
    case group([ParquetValue])
}
