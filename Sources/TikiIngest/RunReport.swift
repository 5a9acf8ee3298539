import Foundation
import TikiJSON
import TikiSchema

/// What a run of `ingest` or `retry` did: returned in `IngestSummary` and written as `run-report.json`.
///
/// `Encodable` through its one file layout (`json`), so any encoder writes the same members as the report file.
package struct RunReport: Sendable, Encodable {
    /// The ID list the run read.
    package struct Input: Sendable {
        package var path: String
        package var ids: Int
        package var shard: String
        package var invalidLines: Int
        package var duplicateIDs: Int
        /// IDs settled by an earlier run into the same folder, skipped.
        package var alreadyDone: Int
    }

    /// Latency percentiles of all attempts, in milliseconds; nil when nothing was sent.
    package struct Latency: Sendable {
        package var p50: Double?
        package var p95: Double?
        package var p99: Double?
    }

    package var startedAt: Date
    package var durationSeconds: Double
    package var interrupted: Bool
    /// Why the run stopped early (the server refused everything, or every first attempt failed), if it did.
    package var gaveUp: String?
    package var input: Input
    /// Final outcomes, one per settled ID.
    package var counts: [OutcomeClass: Int]
    /// IDs neither delivered nor written as errors (an interrupted run's in-flight ones).
    package var unsettled: Int
    package var attempts: Int
    /// Attempts that were retried, by the class of their failure.
    package var retriesByClass: [OutcomeClass: Int]
    package var refused: Int
    package var repairedUTF8: Int
    /// The limiter's rate at the end, requests per second (infinite when unpaced).
    package var finalRate: Double
    package var rateSamples: [AdaptiveRateLimiter.Sample]
    package var responseBytes: Int
    package var latency: Latency
    package var productFiles: Int
    package var errorFiles: Int
    package var schema: String
    /// The run's settings, as `IngestConfiguration.json` spells them.
    package var configuration: JSONValue

    package var records: Int { counts[.ok] ?? 0 }
    package var retries: Int { retriesByClass.values.reduce(0, +) }
    package var recordsPerSecond: Double { durationSeconds > 0 ? Double(records) / durationSeconds : 0 }
    package var refusedShare: Double { attempts > 0 ? Double(refused) / Double(attempts) : 0 }

    /// The report of a run from its statistics at the end.
    init(
        snapshot: IngestStatistics.Snapshot, elapsed: Double, started: Date, input: ProductIDList, alreadyDone: Int,
        files: (products: Int, errors: Int), interrupted: Bool, gaveUp: String?, configuration: IngestConfiguration,
        schema: Schema
    ) {
        func ms(_ p: Double) -> Double? { snapshot.latencyPercentile(p).map { $0 * 1000 } }
        startedAt = started
        durationSeconds = elapsed
        self.interrupted = interrupted
        self.gaveUp = gaveUp
        self.input = Input(
            path: input.path, ids: input.ids.count, shard: input.shard.description, invalidLines: input.invalidLineCount,
            duplicateIDs: input.duplicateCount, alreadyDone: alreadyDone)
        counts = snapshot.finished
        unsettled = snapshot.abandoned
        attempts = snapshot.attempts
        retriesByClass = snapshot.retries
        refused = snapshot.refused
        repairedUTF8 = snapshot.repairedUTF8
        finalRate = snapshot.rate
        rateSamples = snapshot.rateSamples
        responseBytes = snapshot.bodyBytes
        latency = Latency(p50: ms(0.50), p95: ms(0.95), p99: ms(0.99))
        productFiles = files.products
        errorFiles = files.errors
        self.schema = schema.name
        self.configuration = configuration.json
    }

    /// The report as `run-report.json` lays it out (figures rounded for reading; `response_bytes` exact).
    package var json: JSONValue {
        func rounded(_ x: Double, _ places: Double) -> Double { (x * places).rounded() / places }
        func rate(_ r: Double) -> JSONValue { r.isFinite ? .double(rounded(r, 10)) : .null }
        func ms(_ x: Double?) -> JSONValue { x.map { .double(rounded($0, 100)) } ?? .null }
        var countsJSON = JSONObject()
        for outcome in OutcomeClass.allCases { countsJSON[outcome.rawValue] = .int(Int64(counts[outcome] ?? 0)) }
        var retriesJSON = JSONObject()
        for (outcome, n) in retriesByClass.sorted(by: { $0.key < $1.key }) { retriesJSON[outcome.rawValue] = .int(Int64(n)) }
        let samples: [JSONValue] = rateSamples.map {
            .object(JSONObject(["t": .double(rounded($0.seconds, 10)), "rate": rate($0.rate), "refused": .int(Int64($0.refused))]))
        }
        return .object(JSONObject([
            "started_at": .string(TimestampParser.iso8601(microseconds: Int64(startedAt.timeIntervalSince1970 * 1_000_000))),
            "duration_seconds": .double(rounded(durationSeconds, 1000)),
            "interrupted": .bool(interrupted),
            "gave_up": gaveUp.map(JSONValue.string) ?? .null,
            "input": .object(JSONObject([
                "path": .string(input.path),
                "ids": .int(Int64(input.ids)),
                "shard": .string(input.shard),
                "invalid_lines": .int(Int64(input.invalidLines)),
                "duplicate_ids": .int(Int64(input.duplicateIDs)),
                "already_done": .int(Int64(input.alreadyDone)),
            ])),
            "counts": .object(countsJSON),
            "unsettled": .int(Int64(unsettled)),
            "records_per_second": .double(rounded(recordsPerSecond, 10)),
            "attempts": .int(Int64(attempts)),
            "retries": .int(Int64(retries)),
            "retries_by_class": .object(retriesJSON),
            "refused": .int(Int64(refused)),
            "repaired_utf8": .int(Int64(repairedUTF8)),
            "refused_share": .double(rounded(refusedShare, 10_000)),
            "rate": .object(JSONObject(["final": rate(finalRate), "samples": .array(samples)])),
            "response_megabytes": .double(rounded(Double(responseBytes) / 1e6, 100)),
            "response_bytes": .int(Int64(responseBytes)),
            "latency_ms": .object(JSONObject(["p50": ms(latency.p50), "p95": ms(latency.p95), "p99": ms(latency.p99)])),
            "files_written": .object(JSONObject(["products": .int(Int64(productFiles)), "errors": .int(Int64(errorFiles))])),
            "schema": .string(schema),
            "config": configuration,
        ]))
    }
}

extension RunReport {
    package func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }

    /// The parts of a `run-report.json` that `status` reads back, read here beside the layout that writes them.
    package struct Outline: Sendable, Equatable {
        package var inputIDs: Int?
        package var shard: String?
        package var gaveUp: Bool
        package var interrupted: Bool

        /// Reads what a report holds; members that are missing or of another type read as absent.
        package init(_ report: JSONValue) {
            inputIDs = report["input"]?["ids"]?.int64Value.map { Int($0) }
            shard = report["input"]?["shard"]?.stringValue
            gaveUp = report["gave_up"]?.stringValue != nil
            if case .bool(true)? = report["interrupted"] { interrupted = true } else { interrupted = false }
        }
    }
}
