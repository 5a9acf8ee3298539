/// A load that failed: the message names the file, record, table or column it is about.
package struct LoadError: Error, Sendable, Equatable, CustomStringConvertible {
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

    /// A setting of the load that would get past the failure; the caller words it in its own terms (the CLI as
    /// a flag), so the message does not name one.
    package enum Remedy: Sendable, Equatable {
        /// `LoadOptions.Mode.replace`: drop the table and create it from the schema.
        case recreateTable
        /// `CopyTextEncoder.NulPolicy.strip`: drop U+0000 from text.
        case stripNUL
    }

    package var kind: Kind
    package var message: String
    package var remedy: Remedy?

    package init(_ kind: Kind, _ message: String, remedy: Remedy? = nil) {
        self.kind = kind
        self.message = message
        self.remedy = remedy
    }

    package var description: String { message }
}
