/// Why a JSON text could not be parsed, with the 1-based line and column of the fault.
package struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    package var message: String
    /// The byte offset where it was found, from 0.
    package var offset: Int
    /// The line of `offset`, from 1.
    package var line: Int
    /// The byte column of `offset` in its line, from 1.
    package var column: Int
    /// In a sequence of values (JSON Lines), the line where the broken value began: a record cut off at line 11
    /// is only seen to be broken on a later line.
    package var valueLine: Int?

    /// The message with its line and column.
    package var description: String {
        guard let valueLine, valueLine != line else { return "line \(line), column \(column): \(message)" }
        return "line \(valueLine): the value that begins there is cut off or malformed (\(message) at line \(line), column \(column))"
    }
}
