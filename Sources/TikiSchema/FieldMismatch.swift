/// A value that does not fit its field, naming the field by its path in the record (`images[2]`, `seller.name`).
///
/// What `Conformance` reports; the projector throws it for a raw document, the Parquet mapping for a record, and
/// `schema check` lists every one of a record's with the file and record added (`SchemaViolation`).
package struct FieldMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field's path: `name`, `a.b`, `a[3]`, or `<record>` for the record itself.
    package var field: String
    /// What is wrong, as `FieldType.mismatch` and `FieldProblem` word it.
    package var message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    package var description: String { "field '\(field)': \(message)" }
}
