/// A load that failed: the message names the file, record, table or column it is about.
package struct LoadError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, which decides the exit status.
    package enum Kind: Sendable, Equatable {
        /// A bad flag, URL or table name.
        case usage
        /// An input file that cannot be read or a record that does not fit the schema.
        case input
        /// An existing table whose columns differ from the schema.
        case tableMismatch
        /// The server refused a statement or the row data, or the connection failed.
        case database
    }

    package var kind: Kind
    package var message: String

    package init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    package var description: String { message }
}
