/// A row that does not fit the schema, naming the column.
public struct ParquetWriteError: Error, Sendable, CustomStringConvertible {
    /// The column's dotted path; empty when the failure is the output's, not a column's.
    public var column: String
    /// What went wrong.
    public var message: String

    /// An error in `column` (or in the output, when empty) saying `message`.
    public init(column: String, message: String) {
        self.column = column
        self.message = message
    }

    /// The message, after the column it concerns.
    public var description: String { column.isEmpty ? message : "column \(column): \(message)" }
}
