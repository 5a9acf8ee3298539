/// A node of a file's schema tree, with the levels at which it is present.
public final class SchemaNode: Sendable {
    /// The node's schema element as the footer has it.
    public let element: SchemaElement
    /// The node's children; empty for leaves.
    public let children: [SchemaNode]
    /// Definition level at which this node is present (counts OPTIONAL and REPEATED nodes down to it).
    public let definitionLevel: Int
    /// Repetition level at which this node repeats (counts REPEATED nodes down to it).
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

    /// The field's name.
    public var name: String { element.name }
    /// Whether the node is a leaf column.
    public var isLeaf: Bool { columnIndex != nil }
    /// Required, optional or repeated (the root counts as required).
    public var repetition: Repetition { element.repetition ?? .required }
    /// Whether the node is annotated LIST (logical type or the legacy converted type).
    public var isList: Bool { element.logicalType == .list || element.converted == .list }
    /// MAP (and the legacy MAP_KEY_VALUE) groups read as lists of key/value groups.
    public var isMap: Bool { element.logicalType == .map || element.converted == .map || element.converted == .mapKeyValue }
    /// For the repeated child of a LIST: whether it is a one-field group wrapping each element (the standard
    /// three-level list) rather than the element itself (a leaf, or a legacy two-level `array` or `_tuple` group;
    /// the backward-compatibility rules of the format's LogicalTypes.md).
    public var wrapsListElement: Bool {
        !isLeaf && children.count == 1 && name != "array" && !name.hasSuffix("_tuple")
    }
    /// Whether a BYTE_ARRAY leaf holds text (STRING, ENUM, JSON, or their legacy converted types).
    public var isString: Bool {
        element.logicalType == .string || [.utf8, .enumeration, .json].contains(element.converted)
    }
}
