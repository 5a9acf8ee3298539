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
