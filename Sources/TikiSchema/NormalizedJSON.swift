import TikiJSON

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
