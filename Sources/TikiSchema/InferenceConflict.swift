/// Two values of one field whose types cannot be reconciled, found while inferring a schema.
package struct InferenceConflict: Error, Sendable, CustomStringConvertible {
    package var file: String
    /// 1-based position of the record in its file.
    package var record: Int
    package var field: String
    package var message: String
    /// Whether reading the field as a string (`widenConflictsToString`) would settle it.
    package var widenable = false

    package var description: String { "\(file):\(record):\(field): \(message)" }
}
