import AsyncHTTPClient
import BatchStore
import Foundation
import Logging
import TikiJSON
import TikiSchema
import TikiTransform

/// What a finished (or interrupted) run did.
public struct IngestSummary: Sendable {
    public var report: RunReport
    /// Why the run gave up on a server that refused everything, if it did.
    public var gaveUp: String?
    /// The error every one of the first attempts failed with, if the run stopped on it.
    public var failedFast: String?
    public var line: String

    public var interrupted: Bool { report.interrupted }
    public var counts: [OutcomeClass: Int] { report.counts }
    public var recordsPerSecond: Double { report.recordsPerSecond }
}

/// The ingest job: IDs → HTTP → projection → numbered batch and error files, resumable.
public struct IngestJob: Sendable {
    public var configuration: IngestConfiguration
    public var schema: Schema
    public var layout: OutputLayout
    /// Discard earlier outputs instead of resuming from them.
    public var restart = false
    public var progressMode: ProgressDisplay.Mode = .silent
    public var logger: Logger

    public init(configuration: IngestConfiguration, schema: Schema, outputDirectory: String, logger: Logger) {
        self.configuration = configuration
        self.schema = schema
        layout = OutputLayout(root: outputDirectory)
        self.logger = logger
    }

    /// Fetches every ID of `input` not already settled in the output folder; `statistics` receives the counts.
    public func run(_ input: ProductIDList, stop: StopRequest, statistics: IngestStatistics = IngestStatistics()) async throws
        -> IngestSummary
    {
        if let problem = schema.keyProblem { throw ConfigurationError(key: "schema", source: schema.name, message: problem) }
        let lock = try OutputLock.acquire(layout.root)
        defer { withExtendedLifetime(lock) {} }
        try layout.createDirectories()
        let stale = layout.removeStaleTemporaries()
        if stale > 0 { logger.info("removed \(stale) temporary file(s) left by an interrupted run") }
        if restart {
            try layout.removeOutputs()
            logger.info("restart: removed earlier outputs in \(layout.root)")
        }
        if let skipped = input.skippedSummary { logger.warning("\(skipped)") }
        let ledger = OutputLedger.load(layout)
        for problem in ledger.unreadable { logger.error("unreadable output file, its IDs will be fetched again: \(problem)") }
        let pending = input.ids.filter { !ledger.isSettled($0) }
        let alreadyDone = input.ids.count - pending.count
        if alreadyDone > 0 {
            logger.info("resuming: \(alreadyDone) of \(input.ids.count) IDs are already in \(layout.root)")
        }
        let width = max(3, String((input.ids.count + configuration.batchSize - 1) / configuration.batchSize).count)
        var products = BatchAccumulator(
            layout: layout, series: .products, batchSize: configuration.batchSize,
            firstNumber: ledger.nextNumber[.products] ?? 1, width: width)
        var errors = BatchAccumulator(
            layout: layout, series: .errors, batchSize: configuration.batchSize,
            firstNumber: ledger.nextNumber[.errors] ?? 1, width: width)

        return try await Self.fetchIntoBatches(
            pending, products: &products, errors: &errors, what: "ingest", input: input, alreadyDone: alreadyDone,
            reportPath: layout.runReport, configuration: configuration, schema: schema, progressMode: progressMode,
            stop: stop, statistics: statistics, logger: logger)
    }

    /// What ingest and retry share: fetch `ids` into a records and an errors series under a progress display,
    /// flush both, then write the run report to `reportPath`.
    static func fetchIntoBatches(
        _ ids: [Int64], products: inout BatchAccumulator, errors: inout BatchAccumulator, what: String,
        input: ProductIDList, alreadyDone: Int, reportPath: String, configuration: IngestConfiguration, schema: Schema,
        progressMode: ProgressDisplay.Mode, stop: StopRequest, statistics: IngestStatistics = IngestStatistics(), logger: Logger,
        onSettled: (Int64) -> Void = { _ in }
    ) async throws -> IngestSummary {
        let started = Date()
        let display = ProgressDisplay(mode: progressMode, total: ids.count, label: what)
        let progressTask = Task { [logger] in await display.run(statistics: statistics, logger: logger) }
        statistics.metrics.started(ids: ids.count, concurrency: configuration.http.concurrency)
        let rateTask = Task { await statistics.publishRate() }
        let clock = ContinuousClock.now
        let writer = BatchWriter()
        products.writer = writer
        errors.writer = writer
        defer {
            products.writer = nil
            errors.writer = nil
        }
        let ending: FetchDispatcher.Ending
        do {
            ending = try await fetchAll(
                ids, configuration: configuration, projector: Projector(schema: schema), statistics: statistics, stop: stop,
                logger: logger
            ) { outcome async throws(StorageError) in
                switch outcome {
                case .record(let record):
                    if let id = record["id"]?.int64Value { onSettled(id) }
                    if let path = try await products.append(record) { statistics.batchWritten(path) }
                case .error(let entry):
                    onSettled(entry.id)
                    if let path = try await errors.append(entry.json) { statistics.batchWritten(path) }
                }
            }
            if let path = try await products.flush() { statistics.batchWritten(path) }
            if let path = try await errors.flush() { statistics.batchWritten(path) }
            try await writer.finish()
        } catch {
            // Queued batches hold settled records: let them land before giving up.
            try? await writer.finish()
            throw error
        }
        progressTask.cancel()
        rateTask.cancel()
        await progressTask.value
        let interrupted = ending == .interrupted
        var gaveUp: String?, failedFast: String?
        if case .gaveUp(let reason) = ending { gaveUp = reason }
        if case .failedFast(let reason) = ending { failedFast = reason }

        let elapsed = (ContinuousClock.now - clock).seconds
        let snapshot = statistics.snapshot
        let report = RunReport(
            snapshot: snapshot, elapsed: elapsed, started: started, input: input, alreadyDone: alreadyDone,
            files: (products.written.count, errors.written.count), interrupted: interrupted, gaveUp: gaveUp ?? failedFast,
            configuration: configuration, schema: schema)
        try AtomicFile.write(JSONWriter.encode(report.json) + [0x0A], to: reportPath)
        let line = Self.summaryLine(snapshot: snapshot, elapsed: elapsed, interrupted: interrupted, what: what)
        logger.info("\(line)")
        return IngestSummary(report: report, gaveUp: gaveUp, failedFast: failedFast, line: line)
    }

    /// What one ID became.
    enum Settled: Sendable {
        case record(JSONValue)
        case error(ErrorEntry)
    }

    /// Fetches `ids` and hands each settled result to `sink` (see `FetchDispatcher`).
    static func fetchAll(
        _ ids: [Int64], configuration: IngestConfiguration, projector: Projector, statistics: IngestStatistics,
        stop: StopRequest, logger: Logger, sink: (Settled) async throws(StorageError) -> Void
    ) async throws -> FetchDispatcher.Ending {
        try await HTTPClient.withHTTPClient(configuration: ProductFetcher.clientConfiguration(for: configuration)) { client in
            let dispatcher = FetchDispatcher(
                fetcher: ProductFetcher(
                    client: client, configuration: configuration,
                    selection: projector.selection(adding: [["id"], ["name"], ["price"]])),
                projector: projector,
                statistics: statistics, stop: stop, logger: logger)
            return try await dispatcher.run(ids, sink: sink)
        }
    }

    static func summaryLine(snapshot: IngestStatistics.Snapshot, elapsed: Double, interrupted: Bool, what: String) -> String {
        let ok = snapshot.finished[.ok] ?? 0
        let rate = elapsed > 0 ? Double(ok) / elapsed : 0
        let failures = snapshot.finished.filter { $0.key != .ok }.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        return "\(what) \(interrupted ? "interrupted" : "finished"): \(ok) records, \(snapshot.finishedCount - ok) errors"
            + (failures.isEmpty ? "" : " (\(failures.joined(separator: ", ")))")
            + ", \(snapshot.retryCount) retries, \(String(format: "%.1f", elapsed)) s, \(String(format: "%.0f", rate)) records/s"
    }
}
