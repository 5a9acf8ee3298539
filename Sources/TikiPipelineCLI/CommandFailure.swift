/// A command-line failure: its message is printed after `Error: ` and the process exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
