import AsyncHTTPClient
import BatchStore
import Foundation
import Logging
import TikiJSON
import TikiSchema
import TikiTransform

/// One fetch of IDs into a records series and an errors series, under a progress display, ending with the run
/// report: what `ingest` and `retry` share. The jobs decide which IDs and which series; this does the fetching.
struct FetchRun {
    /// "ingest" or "retry": names the progress display and the summary line.
    var label: String
    var ids: [Int64]
    /// The ID list the IDs came from, and how many of it an earlier run settled, for the report.
    var input: ProductIDList
    var alreadyDone: Int
    var products: BatchAccumulator
    var errors: BatchAccumulator
    var reportPath: String
    var configuration: IngestConfiguration
    var schema: Schema
    var progressMode: ProgressDisplay.Mode
    var logger: Logger
    /// Attempts earlier runs made for each ID, counted on in the error entries this run writes.
    var earlierAttempts: [Int64: Int] = [:]

    /// Fetches every ID, flushes both series and writes the report; `onSettled` hears each ID as it settles.
    mutating func run(
        stop: StopRequest, statistics: IngestStatistics, onSettled: (Int64) -> Void = { _ in }
    ) async throws -> IngestSummary {
        let started = Date()
        let display = ProgressDisplay(mode: progressMode, total: ids.count, label: label)
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
            ending = try await Self.fetchAll(
                ids, configuration: configuration, projector: Projector(schema: schema), statistics: statistics, stop: stop,
                logger: logger, earlierAttempts: earlierAttempts
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

        let elapsed = (ContinuousClock.now - clock) / .seconds(1)
        let snapshot = statistics.snapshot
        let report = RunReport(
            snapshot: snapshot, elapsed: elapsed, started: started, input: input, alreadyDone: alreadyDone,
            files: (products.written.count, errors.written.count), interrupted: interrupted, gaveUp: gaveUp ?? failedFast,
            configuration: configuration, schema: schema)
        try AtomicFile.write(JSONWriter.encode(report.json) + [0x0A], to: reportPath)
        let line = Self.summaryLine(snapshot: snapshot, elapsed: elapsed, interrupted: interrupted, what: label)
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
        stop: StopRequest, logger: Logger, earlierAttempts: [Int64: Int] = [:],
        sink: (Settled) async throws(StorageError) -> Void
    ) async throws -> FetchDispatcher.Ending {
        try await HTTPClient.withHTTPClient(configuration: ProductFetcher.clientConfiguration(for: configuration)) { client in
            var dispatcher = FetchDispatcher(
                fetcher: ProductFetcher(
                    client: client, configuration: configuration,
                    selection: projector.selection(adding: ResponseClassifier.readMembers)),
                projector: projector,
                statistics: statistics, stop: stop, logger: logger)
            dispatcher.earlierAttempts = earlierAttempts
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
