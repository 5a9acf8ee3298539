import ArgumentParser

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "Convert JSON batches to Parquet.")
    func run() async throws { throw CommandFailure("not yet") }
}

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspect", abstract: "Show a Parquet file's schema, row groups and statistics.")
    func run() async throws { throw CommandFailure("not yet") }
}

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Infer or check schemas of JSON batches.")
    func run() async throws { throw CommandFailure("not yet") }
}
