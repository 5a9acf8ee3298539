/// A value the COPY text format cannot carry, naming the column.
package struct CopyEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    package var column: String
    package var message: String
    /// The value holds U+0000, which a load that strips it would take.
    package var isNUL = false
    package var description: String { "column \(column): \(message)" }
}
