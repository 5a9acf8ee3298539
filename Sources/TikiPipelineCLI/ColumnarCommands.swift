import ArgumentParser
import BatchStore
import Columnar
import ObjectStore
import Foundation
import Parquet
import RunMonitor
import TikiJSON
import TikiSchema

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert JSON batches (arrays or JSON Lines) into Parquet.",
        discussion: "Without --schema the schema is inferred from the input. The output appears atomically; a malformed batch fails the command, names file and record, and leaves no output.")

    @Argument(help: "Batch files, or folders of *.json batches.") var inputs: [String]
    @Option(help: "Output Parquet file, or s3://bucket/key.parquet.") var out: String?
    @Option(help: "Write part-NNNNN.parquet files into this folder (or s3://bucket/prefix/) instead of one file.") var outDir: String?
    @Option(help: "With --out-dir: rows per part file.") var maxRowsPerFile = 1_000_000
    @Option(help: "Schema file (schemas/*.json); inferred when absent.") var schema: String?
    @Option(help: "Rows per row group, at most.") var rowGroupRows = 1_000_000
    @Option(help: "Bytes of values per row group, at most.") var rowGroupBytes = 32 << 20
    @Option(help: "Target bytes of a data page before compression.") var pageBytes = 1 << 20
    @Option(help: "Page codec: gzip, zstd, snappy or none.") var compression = CompressionChoice.gzip
    @Option(help: "Codec level: gzip 1-12 (default 6), zstd 1-22 (default 3); none for snappy and none.") var level: Int?
    @Option(help: "auto, on or off.") var dictionary = "auto"
    @Flag(help: "Replace bytes that are not UTF-8 with U+FFFD instead of failing on them.") var repairUtf8 = false
    @OptionGroup var monitor: MonitorOptions
    @OptionGroup var s3: S3Options

    func validate() throws {
        guard (out == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --out FILE or --out-dir DIR") }
        _ = try compression.compression(level: level)
        guard ParquetWriterOptions.DictionaryMode(rawValue: dictionary) != nil else { throw ValidationError("--dictionary must be auto, on or off") }
        guard rowGroupRows > 0, rowGroupBytes > 0, pageBytes > 0, maxRowsPerFile > 0 else {
            throw ValidationError("sizes must be positive")
        }
    }

    func run() async throws {
        MemoryTuning.returnLargeBuffersToTheSystem()
        try await monitor.monitoring(MonitorOptions.converting) { try await convert(monitor: $0) }
    }

    private func convert(monitor: RunMonitor?) async throws {
        do {
            let s3Target = [out, outDir].compactMap { $0 }.first(where: S3Location.isS3URL)
            let destination: ConvertDestination = outDir.map { .directory($0, maxRowsPerFile: maxRowsPerFile) } ?? .file(out!)
            if s3Target == nil { try OutputGuard.check(destination, inputs: inputs) }
            let files = try BatchInputs.expand(inputs)
            let progress: (@Sendable (String, Int, Int) -> Void)? = monitor.map { monitor in
                let metrics = ConvertMetrics(monitor: monitor, files: files.count)
                return { file, done, rows in metrics.progress(file: file, files: done, rows: rows) }
            }
            let invalidUTF8: JSONParser.InvalidUTF8 = repairUtf8 ? .repair : .reject
            var options = ParquetWriterOptions()
            options.compression = try compression.compression(level: level)
            options.dictionary = ParquetWriterOptions.DictionaryMode(rawValue: dictionary)!
            options.rowGroupRows = rowGroupRows
            options.rowGroupBytes = rowGroupBytes
            options.pageBytes = pageBytes
            options.createdBy = BuildInfo.createdBy
            let schemaFile = schema
            let convertAll: @Sendable (ConvertDestination) throws -> ConvertSummary = { [options] destination in
                if let schemaFile {
                    var converter = Converter(schema: try Schema.load(contentsOf: schemaFile), options: options)
                    converter.invalidUTF8 = invalidUTF8
                    converter.progress = progress
                    return try converter.convert(files, to: destination)
                }
                return try Converter.convertInferringSchema(
                    files, options: options, to: destination, invalidUTF8: invalidUTF8, progress: progress
                ).summary
            }
            if let s3Target {
                let summary = try await S3Convert.run(
                    target: s3Target, asPrefix: outDir != nil, maxRowsPerFile: maxRowsPerFile, s3: s3, convert: convertAll)
                print(summary.line)
                return
            }
            let created = outDir.map { !FileManager.default.fileExists(atPath: $0) } ?? false
            // Two conversions into one folder would mix their part files.
            let lock = try outDir.map { try OutputLock.acquire($0) }
            let summary: ConvertSummary
            do {
                summary = try await OwnThread.run { Result { try convertAll(destination) } }.get()
            } catch {
                if created, let outDir {
                    // A failed conversion leaves nothing behind, not even the folder it made.
                    withExtendedLifetime(lock) {}
                    try? FileManager.default.removeItem(atPath: outDir)
                }
                throw error
            }
            withExtendedLifetime(lock) {}
            print(summary.line)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw CommandFailure("convert failed: \(error)")
        }
    }
}

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
                print(String(decoding: JSONWriter.encodeLines([schema.encoded()]).dropFirst(2).dropLast(3), as: UTF8.self))
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
