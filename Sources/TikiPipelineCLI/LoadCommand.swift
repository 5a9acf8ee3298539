import ArgumentParser
import BatchStore
import Foundation
import Logging
import PipelineBench
import PostgresLoad
import RunMonitor
import TikiJSON
import TikiSchema

#if canImport(Glibc)
import Glibc
#endif

extension LoadMode: ExpressibleByArgument {}
extension TOASTCompression: ExpressibleByArgument {}

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load JSON batches or Parquet files of ours into a PostgreSQL table (COPY, one transaction).",
        discussion: """
            The table is created from the schema when missing; an existing table must have the schema's columns and \
            types. append: insert every row. upsert: insert new products, update changed ones (re-loading the same \
            input changes nothing). replace: build a new table and swap it in. A failed or killed load leaves the \
            table as it was.
            """)

    @Argument(help: "JSON batch files or folders of them, or Parquet files (or folders of them) written by convert.")
    var inputs: [String]
    @Option(help: "postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]. [default: $DATABASE_URL]")
    var databaseURL: String?
    @Option(help: "Target table.") var table = "products"
    @Option(help: "How rows meet the table's (see below).") var mode = LoadMode.append
    @Option(help: "Schema file the records follow. [default: the built-in \(Schema.tikiProduct.name) schema]") var schema: String?
    @Flag(help: "Drop U+0000 from strings (PostgreSQL cannot store it) instead of failing on it.") var stripNul = false
    @Flag(help: "Replace bytes that are not UTF-8 with U+FFFD instead of failing on them.") var repairUtf8 = false
    @Option(help: "Write the JSON report here.") var report = "logs/load-report.json"
    @Option(help: "Seconds between progress lines.") var progressInterval = 2.0
    @Option(help: "Compression of large values written by this load (server: its default_toast_compression).")
    var toastCompression = LoadOptions().toastCompression
    @Option(help: "With --mode replace: connections copying at once, each a server backend (1: one transaction throughout).")
    var connections = 2
    @Flag(help: "Skip ANALYZE after the load.") var noAnalyze = false
    @Option(help: "Log file.") var logFile = "logs/pipeline.log"
    @OptionGroup var monitoring: MonitorOptions

    func validate() throws {
        guard connections >= 1, connections <= 64 else { throw ValidationError("--connections must be 1-64") }
        guard progressInterval > 0 else { throw ValidationError("--progress-interval must be positive") }
    }

    func run() async throws {
        MemoryTuning.returnLargeBuffersToTheSystem()
        let startedAt = Date()
        guard let text = databaseURL ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !text.isEmpty else {
            throw ValidationError("give --database-url postgres://user@host:port/database or set DATABASE_URL")
        }
        let url: DatabaseURL
        do { url = try DatabaseURL(parsing: text) } catch { throw ValidationError(error.message) }
        let schema: Schema
        if let path = self.schema {
            do { schema = try Schema.load(contentsOf: path) } catch { throw CommandFailure("load failed: \(error)") }
        } else {
            schema = .tikiProduct
        }
        var options = LoadOptions()
        options.table = table
        options.mode = mode
        options.nulPolicy = stripNul ? .strip : .reject
        options.invalidUTF8 = repairUtf8 ? .repair : .reject
        options.progressInterval = progressInterval
        options.analyze = !noAnalyze
        options.connections = connections
        options.toastCompression = toastCompression
        let logger = makeLogger(label: "tiki.load", logFile: logFile)
        let loader = PostgresLoader(url: url, schema: schema, options: options, logger: logger)
        try await monitoring.monitoring(.load(port: 0)) { monitor in
            try await load(with: loader, url: url, schema: schema, startedAt: startedAt, logger: logger, monitor: monitor)
        }
    }

    private func load(
        with loader: PostgresLoader, url: DatabaseURL, schema: Schema, startedAt: Date, logger: Logger, monitor: RunMonitor?
    ) async throws {
        var failed = LoadSummary(database: url.description, table: table, mode: mode, schema: schema.name)
        do throws(LoadError) {
            let files = try LoadInput.expand(inputs)
            failed.files = files.count
            logger.info("load \(files.count) file(s) into \(table) at \(url) (\(mode.rawValue), schema \(schema.name))")
            let metrics = monitor.map(LoadMetrics.init)
            let summary = try await loader.load(files) { progress in
                metrics?.progress(progress)
                let rate = String(
                    format: "%.1f MB sent, %.0f rows/s", Double(progress.bytesSent) / 1e6,
                    progress.seconds > 0 ? Double(progress.rows) / progress.seconds : 0)
                printError("load: \(progress.phase) \(progress.filesDone)/\(progress.files) files, \(progress.rows) rows, \(rate)")
            }
            metrics?.finished(rows: summary.rowsCopied)
            if summary.strippedNulValues > 0 { printError("load: stripped U+0000 from \(summary.strippedNulValues) value(s)") }
            writeReport(summary.report(status: "ok", startedAt: startedAt, peakRSSBytes: ResourceUsage.current().peakResidentBytes))
            logger.info("\(summary.line)")
            print(summary.line)
        } catch {
            let explained = error.message + (error.remedy.map { " (\($0.flag))" } ?? "")
            let message = "load failed: \(explained)"
            logger.error("\(message)")
            writeReport(failed.report(status: "failed", error: explained, startedAt: startedAt))
            if error.kind == .usage { throw ValidationError(error.message) }
            throw CommandFailure(message)
        }
    }

    private func writeReport(_ json: JSONValue) {
        let directory = (report as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try AtomicFile.createDirectory(directory) }
            try AtomicFile.write(JSONWriter.encode(json) + [0x0A], to: report)
        } catch {
            printError("warning: cannot write the report \(report): \(error)")
        }
    }
}

extension LoadError.Remedy {
    /// The remedy as the flag that applies it.
    var flag: String {
        switch self {
        case .recreateTable: "use --mode replace to recreate it"
        case .stripNUL: "--strip-nul drops it"
        }
    }
}
