/// Quoting of identifiers and literals for the statements the loader builds.
package enum SQL {
    /// `"name"` with embedded quotes doubled.
    package static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `'text'` with embedded quotes doubled (standard_conforming_strings, on since PostgreSQL 9.1).
    package static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Refuses names the loader cannot pass through: postgres-nio's `copyFrom` wraps the table name in double
    /// quotes without escaping, so a `"` would end it early; NUL cannot be sent at all; PostgreSQL truncates
    /// names past 63 bytes, which would make two names one.
    package static func checkIdentifier(_ name: String, what: String) throws(LoadError) {
        guard !name.isEmpty else { throw LoadError(.usage, "\(what) is empty") }
        guard !name.contains("\""), !name.utf8.contains(0) else {
            throw LoadError(.usage, "\(what) \(name.debugDescription) contains a double quote or NUL, which the loader does not accept")
        }
        guard name.utf8.count <= 63 else {
            throw LoadError(.usage, "\(what) \(name) is longer than PostgreSQL's 63 bytes")
        }
    }
}
