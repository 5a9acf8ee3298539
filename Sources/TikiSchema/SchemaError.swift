/// A schema file that cannot be used, naming the file and, where there is one, the field.
package struct SchemaError: Error, Sendable, CustomStringConvertible {
    package var file: String
    package var field: String?
    package var message: String

    package init(file: String, field: String? = nil, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    package var description: String {
        if let field { return "\(file): field '\(field)': \(message)" }
        return "\(file): \(message)"
    }
}
