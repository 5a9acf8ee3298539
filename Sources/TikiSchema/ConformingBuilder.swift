import TikiJSON

/// What a caller of `Conformance` makes of a value that fits its type: JSON (`NormalizedJSON`), Parquet values,
/// or nothing at all (`schema check`).
package protocol ConformingBuilder {
    associatedtype Value

    /// A null, or a value that did not fit (after its problem was reported).
    func null() -> Value
    func scalar(_ value: ScalarValue) -> Value
    func list(_ elements: [Value]) -> Value
    /// A struct's members, one per field in the schema's order.
    func group(_ members: [Value], of fields: [Field]) -> Value
}

/// Values as batches hold them: the schema's fields in its order, numbers and booleans as themselves, timestamps
/// as ISO-8601 text (`ScalarValue.json`).
package struct NormalizedJSON: ConformingBuilder {
    package init() {}

    package func null() -> JSONValue { .null }
    package func scalar(_ value: ScalarValue) -> JSONValue { value.json }
    package func list(_ elements: [JSONValue]) -> JSONValue { .array(elements) }
    package func group(_ members: [JSONValue], of fields: [Field]) -> JSONValue {
        .object(JSONObject(keys: fields.map(\.name), values: members))
    }
}

/// Nothing: for a walk that only reports problems.
package struct NoValues: ConformingBuilder {
    package init() {}

    package func null() {}
    package func scalar(_ value: ScalarValue) {}
    package func list(_ elements: [Void]) {}
    package func group(_ members: [Void], of fields: [Field]) {}
}
