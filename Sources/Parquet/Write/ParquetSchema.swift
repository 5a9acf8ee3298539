/// A column's logical type, as the writer's callers describe records.
public indirect enum ParquetFieldType: Sendable, Equatable {
    case boolean
    case int32
    case int64
    case double
    /// UTF-8 text: BYTE_ARRAY annotated STRING.
    case string
    /// Microseconds since the epoch, UTC: INT64 annotated TIMESTAMP(MICROS, UTC).
    case timestampMicros
    /// The standard three-level LIST: `group (LIST) { repeated group list { element } }`.
    case list(element: ParquetField)
    case group([ParquetField])
}

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

/// The writer's schema: top-level fields, flattened into Parquet schema elements and leaf columns.
public struct ParquetSchema: Sendable {
    /// The top-level fields, in column order.
    public var fields: [ParquetField]
    /// The schema as the footer writes it: flattened depth-first, the root first.
    public private(set) var elements: [SchemaElement] = []
    /// The leaf columns, in the order their chunks are written.
    public private(set) var columns: [ColumnDescriptor] = []

    /// The schema of `fields`, flattened.
    public init(fields: [ParquetField]) {
        self.fields = fields
        elements.append(SchemaElement(name: "schema", numChildren: Int32(fields.count)))
        for field in fields { flatten(field, path: [], definition: 0, repetition: 0) }
    }

    private mutating func flatten(_ field: ParquetField, path: [String], definition: Int, repetition: Int, repetitionType: Repetition? = nil) {
        let rep: Repetition = repetitionType ?? (field.nullable ? .optional : .required)
        let def = definition + (rep == .required ? 0 : 1)
        let path = path + [field.name]
        switch field.type {
        case .list(let element):
            elements.append(SchemaElement(name: field.name, repetition: rep, numChildren: 1, convertedType: ConvertedType.list.rawValue, logicalType: .list))
            elements.append(SchemaElement(name: "list", repetition: .repeated, numChildren: 1))
            flatten(element, path: path + ["list"], definition: def + 1, repetition: repetition + 1)
        case .group(let children):
            elements.append(SchemaElement(name: field.name, repetition: rep, numChildren: Int32(children.count)))
            for child in children { flatten(child, path: path, definition: def, repetition: repetition) }
        default:
            let (physical, converted, logical) = Self.physical(field.type)
            elements.append(SchemaElement(name: field.name, type: physical, repetition: rep, convertedType: converted?.rawValue, logicalType: logical))
            columns.append(ColumnDescriptor(
                path: path, physicalType: physical, maxDefinitionLevel: def, maxRepetitionLevel: repetition,
                logicalType: logical, convertedType: converted?.rawValue))
        }
    }

    static func physical(_ type: ParquetFieldType) -> (PhysicalType, ConvertedType?, LogicalType?) {
        switch type {
        case .boolean: (.boolean, nil, nil)
        case .int32: (.int32, nil, nil)
        case .int64: (.int64, nil, nil)
        case .double: (.double, nil, nil)
        case .string: (.byteArray, .utf8, .string)
        case .timestampMicros: (.int64, .timestampMicros, .timestampMicrosUTC)
        case .list, .group: preconditionFailure("not a leaf")
        }
    }
}
