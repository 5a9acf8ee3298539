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
    @Option(help: "Rows per row group, at most.") var rowGroupRows = ParquetWriterOptions().rowGroupRows
    @Option(help: "Bytes of values per row group, at most.") var rowGroupBytes = ParquetWriterOptions().rowGroupBytes
    @Option(help: "Target bytes of a data page before compression.") var pageBytes = ParquetWriterOptions().pageBytes
    @Option(help: "Page codec.") var compression = CompressionChoice.gzip
    @Option(help: "Codec level: \(CompressionChoice.levelHelp).") var level: Int?
    @Option(help: "Dictionary encoding: where it pays (auto), whenever the dictionary fits (on), or never (off).")
    var dictionary = ParquetWriterOptions().dictionary
    @Flag(help: "Replace bytes that are not UTF-8 with U+FFFD instead of failing on them.") var repairUtf8 = false
    @OptionGroup var monitor: MonitorOptions
    @OptionGroup var s3: S3Options

    func validate() throws {
        guard (out == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --out FILE or --out-dir DIR") }
        _ = try compression.compression(level: level)
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
            if s3Target == nil {
                do { try OutputGuard.check(destination, inputs: inputs) } catch {
                    // The guard says what is wrong; which flag fixes a path of the wrong kind is the command's to say.
                    let hint = switch error.remedy {
                    case .fileWanted?: " (give a file path with --out, or use --out-dir)"
                    case .folderWanted?: " (--out-dir needs a folder)"
                    case nil: ""
                    }
                    throw CommandFailure("convert failed: \(error)\(hint)")
                }
            }
            let files = try BatchInputs.expand(inputs)
            let progress: (@Sendable (String, Int, Int) -> Void)? = monitor.map { monitor in
                let metrics = ConvertMetrics(monitor: monitor, files: files.count)
                return { file, done, rows in metrics.progress(file: file, files: done, rows: rows) }
            }
            let invalidUTF8: JSONParser.InvalidUTF8 = repairUtf8 ? .repair : .reject
            var options = ParquetWriterOptions()
            options.compression = try compression.compression(level: level)
            options.dictionary = dictionary
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
        } catch let error as CommandFailure {
            throw error
        } catch let error as InferenceConflict where error.widenable {
            throw CommandFailure("convert failed: \(error) (give --schema: `schema infer --widen` writes one that reads it as a string)")
        } catch {
            throw CommandFailure("convert failed: \(error)")
        }
    }
}

extension ParquetWriterOptions.DictionaryMode: ExpressibleByArgument {}
