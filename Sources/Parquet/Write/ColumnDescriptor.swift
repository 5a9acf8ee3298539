/// A leaf column of a schema: its path, physical type and maximum levels.
public struct ColumnDescriptor: Sendable {
    /// The leaf's path from the schema root, one name per level.
    public var path: [String]
    /// How the leaf's values are stored.
    public var physicalType: PhysicalType
    /// The definition level of a present value: OPTIONAL and REPEATED nodes on the path.
    public var maxDefinitionLevel: Int
    /// The repetition level of the deepest list: REPEATED nodes on the path.
    public var maxRepetitionLevel: Int
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY leaf.
    public var typeLength: Int?
    /// For reading: the logical annotation of the leaf.
    public var logicalType: LogicalType?
    /// For reading: the legacy annotation of the leaf.
    public var convertedType: Int32?
}
