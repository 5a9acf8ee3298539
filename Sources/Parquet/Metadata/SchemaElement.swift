/// One node of the flattened schema (parquet.thrift `SchemaElement`).
public struct SchemaElement: Sendable {
    public var name: String
    public var type: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var numChildren: Int32?
    public var convertedType: Int32?
    public var logicalType: LogicalType?
    public var scale: Int32?
    public var precision: Int32?

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
