/// A command-line failure: the message is printed as is, then the process exits with `code`.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
