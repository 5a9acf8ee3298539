import BatchStore
import Foundation
import Logging
import TikiJSON
import TikiSchema
import TikiTransform

/// The retry stage: fetches the IDs of earlier error entries again, writes `retry_NNN.json` files and removes
/// the entries it settled from the older error files, so that no ID is counted twice.
public struct RetryJob: Sendable {
    public var configuration: IngestConfiguration
    public var schema: Schema
    public var layout: OutputLayout
    /// Retry permanent failures (`not_found`, `client_error`, `too_large`) too.
    public var includePermanent = false
    public var progressMode: ProgressDisplay.Mode = .silent
    public var logger: Logger

    public init(configuration: IngestConfiguration, schema: Schema, outputDirectory: String, logger: Logger) {
        self.configuration = configuration
        self.schema = schema
        layout = OutputLayout(root: outputDirectory)
        self.logger = logger
    }

    public func run(stop: StopRequest) async throws -> IngestSummary {
        let started = Date()
        let ledger = OutputLedger.load(layout)
        for problem in ledger.unreadable { logger.error("unreadable output file: \(problem)") }
        let candidates = ledger.errors.values
            .filter { includePermanent || (OutcomeClass(rawValue: $0.entry.error)?.isTransient ?? true) }
            .map(\.entry.id).sorted()
        logger.info("retry: \(candidates.count) of \(ledger.errors.count) error entries to fetch again")
        let width = max(3, String(max(1, candidates.count / configuration.batchSize + 1)).count)
        var products = BatchAccumulator(
            layout: layout, series: .retryProducts, batchSize: configuration.batchSize,
            firstNumber: ledger.nextNumber[.retryProducts] ?? 1, width: width)
        var errors = BatchAccumulator(
            layout: layout, series: .retryErrors, batchSize: configuration.batchSize,
            firstNumber: ledger.nextNumber[.retryErrors] ?? 1, width: width)
        var settledIDs = Set<Int64>()

        let statistics = IngestStatistics()
        let display = ProgressDisplay(mode: progressMode, total: candidates.count, label: "retry")
        let progressTask = Task { [logger] in await display.run(statistics: statistics, logger: logger) }
        let clock = ContinuousClock.now
        let fetched = try await IngestJob.fetchAll(
            candidates, configuration: configuration, projector: Projector(schema: schema), statistics: statistics,
            stop: stop, logger: logger
        ) { outcome throws(StorageError) in
            switch outcome {
            case .record(let record):
                if let id = record["id"]?.int64Value { settledIDs.insert(id) }
                try products.append(record)
            case .error(let entry):
                settledIDs.insert(entry.id)
                try errors.append(entry.json)
            }
        }
        try products.flush()
        try errors.flush()
        progressTask.cancel()
        await progressTask.value
        let pruned = try prune(settledIDs, keeping: Set(errors.written))
        logger.info("retry: removed \(pruned) superseded entries from older error files")

        let elapsed = (ContinuousClock.now - clock).seconds
        let snapshot = statistics.snapshot
        let input = ProductIDList(path: layout.errorDirectory, ids: candidates)
        let report = IngestJob.report(
            snapshot: snapshot, elapsed: elapsed, started: started, input: input, alreadyDone: 0,
            files: (products.written.count, errors.written.count), interrupted: fetched.interrupted,
            configuration: configuration, schema: schema)
        try AtomicFile.write(JSONWriter.encode(report) + [0x0A], to: layout.retryReport)
        let line = IngestJob.summaryLine(snapshot: snapshot, elapsed: elapsed, interrupted: fetched.interrupted, what: "retry")
        logger.info("\(line)")
        let rate = elapsed > 0 ? Double(snapshot.finished[.ok] ?? 0) / elapsed : 0
        return IngestSummary(report: report, interrupted: fetched.interrupted, counts: snapshot.finished, recordsPerSecond: rate, line: line)
    }

    /// Rewrites every error file but `keeping` without the entries of `ids`; a file left empty is deleted.
    private func prune(_ ids: Set<Int64>, keeping: Set<String>) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        var removed = 0
        for series in [OutputLayout.Series.errors, .retryErrors] {
            for file in layout.existingFiles(series) where !keeping.contains(file.path) {
                let entries = try BatchFile.read(file.path)
                let kept = entries.filter { entry in
                    guard let id = entry["id"]?.int64Value else { return true }
                    return !ids.contains(id)
                }
                guard kept.count != entries.count else { continue }
                removed += entries.count - kept.count
                if kept.isEmpty {
                    try FileManager.default.removeItem(atPath: file.path)
                } else {
                    try BatchFile.write(kept, to: file.path)
                }
            }
        }
        return removed
    }
}

extension ProductIDList {
    init(path: String, ids: [Int64]) {
        self.init(path: path)
        self.ids = ids
    }
}
