import Foundation
import Logging
import MockTikiAPI
import SeededRandom
import TikiIngest
import TikiJSON
import TikiSchema

/// A real ingest into a temporary folder, timed, against a mock API in a separate process (or a given URL).
package struct IngestBenchmark: Sendable {
    package var ids = 20_000
    /// `nil`: ingest's default.
    package var concurrency: Int?
    package var latencyMilliseconds = 0
    /// Adapt the request rate, as ingest does by default; off sends unpaced.
    package var adaptive = true
    /// Extra `mock-api` arguments (a firewall: `--allow-rps 100 --burst 20`).
    package var mockArguments: [String] = []
    /// When set, no mock is started.
    package var baseURL: String?
    /// The executable that serves `mock-api` (this one).
    package var executable: String

    package init(executable: String) {
        self.executable = executable
    }

    package struct Result: Sendable {
        package var ids: Int
        package var records: Int
        package var errors: Int
        package var notFound: Int
        package var attempts: Int
        package var refused: Int
        package var seconds: Double
        package var responseBytes: Int
        package var latencyMilliseconds: (p50: Double, p95: Double, p99: Double)
        package var usage: ResourceUsage

        package var recordsPerSecond: Double { Double(records) / seconds }
        /// IDs settled as a record or as removed (404), as a share of the input.
        package var deliveredShare: Double { ids > 0 ? Double(records + notFound) / Double(ids) : 0 }
        package var refusedShare: Double { attempts > 0 ? Double(refused) / Double(attempts) : 0 }
        package var megabytesPerSecond: Double { Double(responseBytes) / 1e6 / seconds }

        package var json: JSONValue {
            .object(JSONObject([
                "benchmark": "ingest", "ids": .int(Int64(ids)), "records": .int(Int64(records)), "errors": .int(Int64(errors)),
                "not_found": .int(Int64(notFound)), "attempts": .int(Int64(attempts)), "refused": .int(Int64(refused)),
                "delivered_share": .double((deliveredShare * 10_000).rounded() / 10_000),
                "refused_share": .double((refusedShare * 10_000).rounded() / 10_000),
                "seconds": .double(seconds.rounded3), "records_per_second": .double(recordsPerSecond.rounded1),
                "response_mb_per_second": .double(megabytesPerSecond.rounded1),
                "latency_ms": .object(JSONObject([
                    "p50": .double(latencyMilliseconds.p50.rounded3), "p95": .double(latencyMilliseconds.p95.rounded3),
                    "p99": .double(latencyMilliseconds.p99.rounded3),
                ])),
                "cpu_seconds": .double(usage.cpuSeconds.rounded3),
                "peak_rss_mb": .double((Double(usage.peakResidentBytes) / 1e6).rounded1),
            ]))
        }

        package var text: String {
            String(
                format: "ingest: %d records (%d errors, %.1f%% of IDs delivered) in %.2f s — %.0f records/s, %.1f MB/s of bodies; %d attempts, %.1f%% refused; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; CPU %.2f s; peak RSS %.0f MB",
                records, errors, deliveredShare * 100, seconds, recordsPerSecond, megabytesPerSecond, attempts, refusedShare * 100,
                latencyMilliseconds.p50,
                latencyMilliseconds.p95, latencyMilliseconds.p99, usage.cpuSeconds, Double(usage.peakResidentBytes) / 1e6)
        }
    }

    package func run() async throws -> Result {
        let directory = NSTemporaryDirectory() + "tiki-bench-ingest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var mock: MockProcess?
        let url: String
        if let baseURL {
            url = baseURL
        } else {
            let started = try MockProcess.start(
                executable: executable, arguments: ["--latency-ms", String(latencyMilliseconds)] + mockArguments)
            mock = started
            url = started.baseURL
        }
        defer { mock?.stop() }

        var configuration = IngestConfiguration()
        configuration.http.baseURL = url
        if let concurrency { configuration.http.concurrency = concurrency }
        configuration.http.adaptive = adaptive
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        let job = IngestJob(configuration: configuration, schema: .tikiProduct, outputDirectory: directory, logger: logger)
        let input = ProductIDList(path: "bench", ids: SyntheticProductIDs.generate(count: ids, seed: 1))
        let before = ResourceUsage.current()
        let clock = ContinuousClock.now
        let statistics = IngestStatistics()
        let summary = try await job.run(input, stop: StopRequest(), statistics: statistics)
        let elapsed = ContinuousClock.now - clock
        let after = ResourceUsage.current()
        let seconds = elapsed / .seconds(1)
        let snapshot = statistics.snapshot
        let ms = { (p: Double) in (snapshot.latencyPercentile(p) ?? 0) * 1000 }
        return Result(
            ids: ids,
            records: summary.counts[.ok] ?? 0,
            errors: summary.counts.filter { $0.key != .ok }.values.reduce(0, +),
            notFound: summary.counts[.notFound] ?? 0,
            attempts: snapshot.attempts,
            refused: snapshot.refused,
            seconds: seconds,
            responseBytes: snapshot.bodyBytes,
            latencyMilliseconds: (ms(0.50), ms(0.95), ms(0.99)),
            usage: ResourceUsage(
                userSeconds: after.userSeconds - before.userSeconds, systemSeconds: after.systemSeconds - before.systemSeconds,
                peakResidentBytes: after.peakResidentBytes))
    }
}

/// Figures rounded for the benchmarks' JSON lines.
extension Double {
    var rounded1: Double { (self * 10).rounded() / 10 }
    var rounded3: Double { (self * 1000).rounded() / 1000 }
}
