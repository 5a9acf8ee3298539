/// How a record's member fails its field, worded once: `Conformance` (the projector, `schema check`, the Parquet
/// mapping) and the streaming `RecordWalker` all report these, so the same input gets the same message from each.
package enum FieldProblem {
    /// A non-nullable field the record does not have.
    package static let missing = "missing required field"
    /// A non-nullable field that is JSON null.
    package static let null = "null in a non-nullable field"
    /// A member the schema does not have.
    package static let unknown = "not in the schema"

    /// `missing` or `null`, as `member` is absent or null.
    package static func absent<Member>(_ member: Member?) -> String { member == nil ? missing : null }
}
