/// What a caller of `Conformance` makes of a value that fits its type: JSON (`NormalizedJSON`), Parquet values,
/// or nothing at all (`schema check`).
package protocol ConformingBuilder {
    /// What the walk makes of one value.
    associatedtype Value

    /// A null, or a value that did not fit (after its problem was reported).
    func null() -> Value
    /// A scalar, as the reading took it.
    func scalar(_ value: ScalarValue) -> Value
    /// A list's elements, in order.
    func list(_ elements: [Value]) -> Value
    /// A struct's members, one per field in the schema's order.
    func group(_ members: [Value], of fields: [Field]) -> Value
}
