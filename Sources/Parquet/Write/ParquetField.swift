/// A named field; `nullable` fields are OPTIONAL, the others REQUIRED.
public struct ParquetField: Sendable, Equatable {
    /// The field's name.
    public var name: String
    /// The field's type: a primitive, a list or a group.
    public var type: ParquetFieldType
    /// Whether the field may be missing (OPTIONAL) or not (REQUIRED).
    public var nullable: Bool

    /// A field, nullable unless said otherwise.
    public init(name: String, type: ParquetFieldType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}
