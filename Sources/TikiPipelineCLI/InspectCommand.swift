import ArgumentParser
import Columnar
import Foundation
import Parquet
import TikiJSON

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a Parquet file's schema, row groups, encodings, codecs, sizes and statistics.")

    @Argument(help: "Parquet file.") var file: String
    @Flag(help: "Print the description as JSON.") var json = false
    @Option(help: "Also print the first N rows as JSON lines.") var head: Int?

    func run() async throws {
        do {
            let inspector = try Inspector(path: file)
            if let head {
                for row in try inspector.head(head) { print(JSONWriter.string(row)) }
                return
            }
            print(json ? JSONWriter.string(inspector.description()) : inspector.text())
        } catch let error as ParquetFormatError {
            // Already names the file, and the row group, column and page where known.
            throw CommandFailure("\(error)")
        } catch {
            throw CommandFailure("\(file): \(error)")
        }
    }
}
