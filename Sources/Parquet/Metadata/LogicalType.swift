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
