import TikiJSON

/// One field of a record: its name, type, nullability and where its value comes from in a raw document.
package struct Field: Sendable, Hashable {
    package var name: String
    package var type: FieldType
    package var nullable: Bool
    /// Where the value is read from in the raw document; `nil` means a member named like the field.
    package var source: SourcePath?
    package var transform: FieldTransform?

    package init(
        name: String, type: FieldType, nullable: Bool = true, source: SourcePath? = nil,
        transform: FieldTransform? = nil
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.source = source
        self.transform = transform
    }

    /// The effective source path (the field's own name when none is declared).
    package var resolvedSource: SourcePath { source ?? SourcePath(steps: [.member(name)]) }
}
