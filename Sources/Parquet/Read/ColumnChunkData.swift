/// The levels and values of one column chunk, pages concatenated and dictionaries resolved.
public struct ColumnChunkData: Sendable {
    public var definitionLevels: [UInt8]
    public var repetitionLevels: [UInt8]
    var values: ColumnValues
    public var valueCount: Int { values.count }
}
