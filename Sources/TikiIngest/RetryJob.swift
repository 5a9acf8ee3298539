import BatchStore
import Foundation
import Logging
import TikiJSON
import TikiSchema
import TikiTransform

/// The retry stage: fetches the IDs of earlier error entries again, writes `retry_NNN.json` files and removes
/// the entries it settled from the older error files, so that no ID is counted twice.
package struct RetryJob: Sendable {
    package var configuration: IngestConfiguration
    package var schema: Schema
    package var layout: OutputLayout
    /// Retry permanent failures (`not_found`, `client_error`, `too_large`) too.
    package var includePermanent = false
    package var progressMode: ProgressDisplay.Mode = .silent
    package var logger: Logger

    package init(configuration: IngestConfiguration, schema: Schema, outputDirectory: String, logger: Logger) {
        self.configuration = configuration
        self.schema = schema
        layout = OutputLayout(root: outputDirectory)
        self.logger = logger
    }

    package func run(stop: StopRequest, statistics: IngestStatistics = IngestStatistics()) async throws -> IngestSummary {
        let lock = try OutputLock.acquire(layout.root)
        defer { withExtendedLifetime(lock) {} }
        let ledger = OutputLedger.load(layout)
        for problem in ledger.unreadable { logger.error("unreadable output file: \(problem)") }
        let candidates = ledger.errors.values
            .filter { includePermanent || (OutcomeClass(rawValue: $0.entry.error)?.isTransient ?? true) }
            .map(\.entry.id).sorted()
        logger.info("retry: \(candidates.count) of \(ledger.errors.count) error entries to fetch again")
        let products = ledger.accumulator(.retryProducts, in: layout, batchSize: configuration.batchSize, records: candidates.count)
        let errors = ledger.accumulator(.retryErrors, in: layout, batchSize: configuration.batchSize, records: candidates.count)
        var settledIDs = Set<Int64>()
        var run = FetchRun(
            label: "retry", ids: candidates, input: ProductIDList(path: layout.errorDirectory, ids: candidates),
            alreadyDone: 0, products: products, errors: errors, reportPath: layout.retryReport,
            configuration: configuration, schema: schema, progressMode: progressMode, logger: logger,
            earlierAttempts: ledger.attemptsMade)
        let summary = try await run.run(stop: stop, statistics: statistics) { settledIDs.insert($0) }
        let pruned = try prune(settledIDs, keeping: Set(run.errors.written))
        logger.info("retry: removed \(pruned) superseded entries from older error files")
        return summary
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
