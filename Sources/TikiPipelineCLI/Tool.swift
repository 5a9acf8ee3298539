import ArgumentParser

/// `tiki-pipeline`: Tiki product IDs → clean JSON batches → Parquet, with an offline mock of the API.
@main
struct TikiPipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiki-pipeline",
        abstract: "Fetch Tiki products into clean JSON batches and convert them to Parquet.",
        version: BuildInfo.version,
        subcommands: [
            IngestCommand.self, RetryCommand.self, MockAPICommand.self, ConvertCommand.self, InspectCommand.self,
            SchemaCommand.self, GenerateIDsCommand.self, BenchCommand.self,
        ])
}
