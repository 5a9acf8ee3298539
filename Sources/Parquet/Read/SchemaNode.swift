/// A node of a file's schema tree, with the levels at which it is present.
public final class SchemaNode: Sendable {
    public let element: SchemaElement
    public let children: [SchemaNode]
    /// Definition level at which this node is present (counts OPTIONAL and REPEATED nodes down to it).
    public let definitionLevel: Int
    public let repetitionLevel: Int
    /// For leaves: the column index.
    public let columnIndex: Int?
    /// How many leaf columns lie under (or at) this node.
    public let leafCount: Int

    init(element: SchemaElement, children: [SchemaNode], definitionLevel: Int, repetitionLevel: Int, columnIndex: Int?) {
        self.element = element
        self.children = children
        self.definitionLevel = definitionLevel
        self.repetitionLevel = repetitionLevel
        self.columnIndex = columnIndex
        leafCount = columnIndex != nil ? 1 : children.reduce(0) { $0 + $1.leafCount }
    }

    public var name: String { element.name }
    public var isLeaf: Bool { columnIndex != nil }
    public var repetition: Repetition { element.repetition ?? .required }
    public var isList: Bool { element.logicalType == .list || element.convertedType == 3 }
    /// MAP (and the legacy MAP_KEY_VALUE) groups read as lists of key/value groups.
    public var isMap: Bool { element.logicalType == .map || element.convertedType == 1 || element.convertedType == 2 }
    public var isString: Bool {
        element.logicalType == .string || element.convertedType == 0 || element.convertedType == 4 || element.convertedType == 19
    }
}
