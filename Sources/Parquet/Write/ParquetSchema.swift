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
