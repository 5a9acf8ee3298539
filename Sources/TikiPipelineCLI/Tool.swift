import ArgumentParser
import Foundation

/// `tiki-pipeline`: Tiki product IDs → clean JSON batches → Parquet, with an offline mock of the API.
@main
struct TikiPipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiki-pipeline",
        abstract: "Fetch Tiki products into clean JSON batches and convert them to Parquet.",
        version: BuildInfo.version,
        subcommands: [
            IngestCommand.self, RetryCommand.self, MockAPICommand.self, ConvertCommand.self, InspectCommand.self,
            SchemaCommand.self, StatusCommand.self, GenerateIDsCommand.self, BenchCommand.self, LoadCommand.self, UploadCommand.self,
        ])

    /// Runs the command; a usage error exits 2, as shells and most tools do, where swift-argument-parser's
    /// default is 64 (EX_USAGE), which schedulers would take for a crash.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(ExitStatus.usage)
        }
    }
}
