/// The levels and values of one column chunk, pages concatenated and dictionaries resolved.
public struct ColumnChunkData: Sendable {
    /// One definition level per entry (none when the column's maximum definition level is 0).
    public var definitionLevels: [UInt8]
    /// One repetition level per entry (none when the column's maximum repetition level is 0).
    public var repetitionLevels: [UInt8]
    var values: ColumnValues
    /// Values present (entries at the maximum definition level).
    public var valueCount: Int { values.count }
}
