/// Dremel shredding: turns rows of nested values into definition levels, repetition levels and values per leaf.
struct Shredder: Sendable {
    indirect enum Node: Sendable {
        case leaf(index: Int)
        case list(element: ShredField, repetitionLevel: Int)
        case group([ShredField])
    }

    struct ShredField: Sendable {
        var name: String
        var nullable: Bool
        var node: Node
        /// The leaf columns under this field.
        var leaves: Range<Int>
    }

    let fields: [ShredField]

    init(schema: ParquetSchema) {
        var next = 0
        func build(_ field: ParquetField, repetition: Int) -> ShredField {
            let first = next
            let node: Node
            switch field.type {
            case .list(let element):
                node = .list(element: build(element, repetition: repetition + 1), repetitionLevel: repetition + 1)
            case .group(let children):
                node = .group(children.map { build($0, repetition: repetition) })
            default:
                node = .leaf(index: next)
                next += 1
            }
            return ShredField(name: field.name, nullable: field.nullable, node: node, leaves: first..<next)
        }
        fields = schema.fields.map { build($0, repetition: 0) }
    }

    /// Appends one row (one value per top-level field) to the column buffers.
    func shred(_ row: [ParquetValue], into columns: inout [ColumnBuffer]) throws(ParquetWriteError) {
        guard row.count == fields.count else {
            throw ParquetWriteError(column: "", message: "a row of \(row.count) values for \(fields.count) fields")
        }
        for (field, value) in zip(fields, row) {
            try shred(field, value, repetition: 0, definition: 0, path: field.name, into: &columns)
        }
    }

    private func shred(
        _ field: ShredField, _ value: ParquetValue, repetition: Int, definition: Int, path: String, into columns: inout [ColumnBuffer]
    ) throws(ParquetWriteError) {
        if case .null = value {
            guard field.nullable else { throw ParquetWriteError(column: path, message: "null in a required field") }
            for leaf in field.leaves { columns[leaf].appendNull(repetition: repetition, definition: definition) }
            return
        }
        let definition = field.nullable ? definition + 1 : definition
        switch field.node {
        case .leaf(let index):
            try columns[index].append(value, repetition: repetition)
        case .group(let children):
            guard case .group(let values) = value, values.count == children.count else {
                throw ParquetWriteError(column: path, message: "expected a group of \(children.count) values, got \(value)")
            }
            for (child, childValue) in zip(children, values) {
                try shred(child, childValue, repetition: repetition, definition: definition, path: "\(path).\(child.name)", into: &columns)
            }
        case .list(let element, let listLevel):
            guard case .list(let items) = value else {
                throw ParquetWriteError(column: path, message: "expected a list, got \(value)")
            }
            if items.isEmpty {
                for leaf in element.leaves { columns[leaf].appendNull(repetition: repetition, definition: definition) }
                return
            }
            for (i, item) in items.enumerated() {
                try shred(element, item, repetition: i == 0 ? repetition : listLevel, definition: definition + 1,
                          path: "\(path)[]", into: &columns)
            }
        }
    }
}
