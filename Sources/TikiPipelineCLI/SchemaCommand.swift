import ArgumentParser
import BatchStore
import Columnar
import Foundation
import TikiJSON
import TikiSchema

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Infer a schema from JSON batches, or check batches against one.",
        subcommands: [Infer.self, Check.self])

    struct Infer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a schema inferred from JSON batches.")
        @Argument(help: "Batch files or folders.") var inputs: [String]
        @Flag(help: "Read fields with conflicting types as strings instead of failing.") var widen = false
        @Option(help: "Name of the schema.") var name = "inferred"

        func run() async throws {
            do {
                let schema = try BatchInputs.inferSchema(try BatchInputs.expand(inputs), name: name, widen: widen)
                print(schema.fileText())
            } catch let error as InferenceConflict where error.widenable {
                throw CommandFailure("schema infer: \(error) (use --widen to read it as a string)")
            } catch {
                throw CommandFailure("schema infer: \(error)")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report every record that breaks a schema, as file:record:field.")
        @Argument(help: "Schema file.") var schema: String
        @Argument(help: "Batch files or folders.") var inputs: [String]

        func run() async throws {
            let loaded: Schema
            let files: [String]
            do {
                loaded = try Schema.load(contentsOf: schema)
                files = try BatchInputs.expand(inputs)
            } catch {
                throw CommandFailure("schema check: \(error)")
            }
            var violations = 0
            var records = 0
            for file in files {
                let batch: [JSONValue]
                do { batch = try BatchFile.read(file) } catch {
                    print("\(error)")
                    violations += 1
                    continue
                }
                for (i, record) in batch.enumerated() {
                    for problem in loaded.violations(of: record, file: file, record: i + 1) {
                        print(problem.description)
                        violations += 1
                    }
                }
                records += batch.count
            }
            printError("\(records) records in \(files.count) file(s), \(violations) violation(s)")
            if violations > 0 { throw ExitCode(1) }
        }
    }
}
