/// One node of the flattened schema (parquet.thrift `SchemaElement`).
public struct SchemaElement: Sendable {
    /// The field's name (the root's is the schema's).
    public var name: String
    /// The physical type; nil for groups.
    public var type: PhysicalType?
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY.
    public var typeLength: Int32?
    /// Required, optional or repeated; nil only for the root.
    public var repetition: Repetition?
    /// Children of a group; nil for leaves.
    public var numChildren: Int32?
    /// The legacy annotation (`ConvertedType`), kept as written.
    public var convertedType: Int32?
    /// The legacy annotation, when it is one that parquet.thrift defines.
    public var converted: ConvertedType? { convertedType.flatMap(ConvertedType.init(rawValue:)) }
    /// The annotation that says what the physical values mean.
    public var logicalType: LogicalType?
    /// Digits after the point of a legacy DECIMAL.
    public var scale: Int32?
    /// Digits of a legacy DECIMAL.
    public var precision: Int32?

    /// An element; what is not given is not written.
    public init(name: String, type: PhysicalType? = nil, repetition: Repetition? = nil, numChildren: Int32? = nil,
                convertedType: Int32? = nil, logicalType: LogicalType? = nil) {
        self.name = name
        self.type = type
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }
}
