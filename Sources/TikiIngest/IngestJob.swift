import BatchStore
import Foundation
import Logging
import TikiSchema

/// The ingest job: IDs → HTTP → projection → numbered batch and error files, resumable.
package struct IngestJob: Sendable {
    package var configuration: IngestConfiguration
    package var schema: Schema
    package var layout: OutputLayout
    /// Discard earlier outputs instead of resuming from them.
    package var restart = false
    package var progressMode: ProgressDisplay.Mode = .silent
    package var logger: Logger

    package init(configuration: IngestConfiguration, schema: Schema, outputDirectory: String, logger: Logger) {
        self.configuration = configuration
        self.schema = schema
        layout = OutputLayout(root: outputDirectory)
        self.logger = logger
    }

    /// Fetches every ID of `input` not already settled in the output folder; `statistics` receives the counts.
    package func run(_ input: ProductIDList, stop: StopRequest, statistics: IngestStatistics = IngestStatistics()) async throws
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
        let products = ledger.accumulator(.products, in: layout, batchSize: configuration.batchSize, records: input.ids.count)
        let errors = ledger.accumulator(.errors, in: layout, batchSize: configuration.batchSize, records: input.ids.count)

        var run = FetchRun(
            label: "ingest", ids: pending, input: input, alreadyDone: alreadyDone, products: products, errors: errors,
            reportPath: layout.runReport, configuration: configuration, schema: schema, progressMode: progressMode,
            logger: logger)
        return try await run.run(stop: stop, statistics: statistics)
    }
}
