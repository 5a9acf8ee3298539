import AsyncHTTPClient
import CoreMetrics
import Foundation
import Logging
import Metrics
import MockTikiAPI
import NIOCore
import SeededRandom
import Testing
import TikiIngest
import TikiJSON
import TikiSchema
@testable import RunMonitor

/// GETs `url` with a client of its own; returns status and body.
func get(_ url: String) async throws -> (status: Int, body: String, contentType: String?) {
    try await HTTPClient.withHTTPClient { client in
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (Int(response.status.code), String(buffer: body), response.headers.first(name: "content-type"))
    }
}

/// The samples of a Prometheus text exposition: `name{labels}` → value.
func prometheusSamples(_ text: String) -> [String: Double] {
    var samples: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
        samples[String(line[..<space])] = value
    }
    return samples
}

/// The configuration the CLI gives ingest (`MonitorOptions.fetching`), rebuilt here from the public names.
func ingestPreset() -> RunMonitorConfiguration {
    RunMonitorConfiguration(
        label: "ingest", unit: "IDs", doneCounters: [IngestMetrics.Name.records, IngestMetrics.Name.errors],
        totalGauge: IngestMetrics.Name.idsToFetch, throughputCounter: IngestMetrics.Name.records, throughputUnit: "records")
}

@Suite struct RunMonitorTests {
    @Test func latencyPercentilesAreTheUpperBoundOfTheRightBucket() {
        let seed: UInt64 = 20_261_127
        print("latency histogram seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let histogram = LatencyHistogram()
        var samples: [Int64] = []
        for _ in 0..<5000 {
            // 50 µs to about 3 s, spread over decades as real latencies are.
            let ns = Int64(50_000 * exp(Double(rng.next() % 1_000_000) / 1_000_000 * 11))
            samples.append(ns)
            histogram.record(nanoseconds: ns)
        }
        samples.sort()
        #expect(histogram.count == 5000)
        for fraction in [0.5, 0.95, 0.99] {
            let exact = Double(samples[Int((5000 * fraction).rounded(.up)) - 1]) / 1e9
            let estimate = try! #require(histogram.percentile(fraction))
            // The estimate is its bucket's upper bound: not below the exact value, and at most one bucket
            // (a factor 2^(1/4)) above it.
            #expect(estimate >= exact * 0.999999, "p\(fraction * 100): \(estimate) < \(exact)")
            #expect(estimate <= exact * pow(2, 0.25) * 1.000001, "p\(fraction * 100): \(estimate) vs \(exact)")
        }
        #expect(LatencyHistogram().percentile(0.5) == nil)
        #expect(LatencyHistogram.bucket(-5) == 0)
        #expect(LatencyHistogram.bucket(.max) == LatencyHistogram.bucketCount - 1)
    }

    @Test func teeKeepsPrometheusAndTheDashboardInStep() {
        let factory = MonitorMetricsFactory()
        let ok = Counter(label: "tiki_test_total", dimensions: [("outcome", "ok")], factory: factory)
        let bad = Counter(label: "tiki_test_total", dimensions: [("outcome", "timeout")], factory: factory)
        ok.increment(by: 3)
        bad.increment()
        let meter = Meter(label: "tiki_test_in_flight", factory: factory)
        meter.set(5)
        meter.increment(by: 2)
        meter.decrement()
        let timer = CoreMetrics.Timer(label: "tiki_test_seconds", factory: factory)
        timer.recordNanoseconds(3_000_000)
        let samples = prometheusSamples(factory.registry.emitToString())
        #expect(samples[#"tiki_test_total{outcome="ok"}"#] == 3)
        #expect(samples[#"tiki_test_total{outcome="timeout"}"#] == 1)
        #expect(samples["tiki_test_in_flight"] == 6)
        #expect(samples["tiki_test_seconds_count"] == 1)
        #expect(samples[#"tiki_test_seconds_bucket{le="0.005"}"#] == 1)
        #expect(samples[#"tiki_test_seconds_bucket{le="0.002"}"#] == 0)
        #expect(factory.store.counterSum("tiki_test_total") == 4)
        #expect(factory.store.gauge("tiki_test_in_flight") == 6)
        #expect(factory.store.gauge("tiki_never_set") == nil)
    }

    /// A real ingest against the mock with faults: what `/metrics` and `/status` say at the end is what the run
    /// report says.
    @Test func ingestMetricsMatchTheRunReport() async throws {
        let factory = MonitorMetricsFactory()
        let monitor = try await RunMonitor.start(ingestPreset(), factory: factory)
        let statistics = IngestStatistics(metrics: IngestMetrics(factory: factory))
        monitor.setCurrentFileSource { statistics.lastBatchFile }
        let ids = SyntheticProductIDs.generate(count: 1200, seed: 41).sorted()
        let out = NSTemporaryDirectory() + "tiki-monitor-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: out) }
        var mock = MockServerConfiguration()
        mock.faults = FaultProfile(
            notFoundRate: 0.03, rateLimitRate: 0.05, serverErrorRate: 0.05, captchaRate: 0.02, softBlockRate: 0.0, timeoutRate: 0)
        mock.seed = 5
        let summary = try await MockTikiServer.withRunningServer(mock) { _, url in
            var configuration = IngestConfiguration()
            configuration.http.baseURL = url
            configuration.http.concurrency = 16
            configuration.retry = RetryPolicy(maxRetries: 1, baseDelay: 0.005, maxDelay: 0.02, retryAfterCap: 0.02)
            configuration.batchSize = 100
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let job = IngestJob(configuration: configuration, schema: .tikiProduct, outputDirectory: out, logger: logger)
            return try await job.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest(), statistics: statistics)
        }
        let report = summary.report
        let metrics = try await get("\(monitor.url)/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.contentType?.hasPrefix("text/plain") == true)
        let samples = prometheusSamples(metrics.body)
        func sum(_ prefix: String) -> Double { samples.filter { $0.key.hasPrefix(prefix) }.values.reduce(0, +) }
        #expect(sum("tiki_requests_total{") == Double(report.attempts))
        #expect(samples[#"tiki_requests_total{outcome="ok"}"#] == report.counts[.ok].map(Double.init))
        #expect(samples["tiki_records_written_total"] == report.counts[.ok].map(Double.init))
        #expect(samples[#"tiki_errors_written_total{error="not_found"}"#] == report.counts[.notFound].map(Double.init))
        #expect(sum("tiki_errors_written_total{") + samples["tiki_records_written_total"]! == Double(ids.count))
        #expect(sum("tiki_retries_total{") == Double(report.retries))
        #expect(samples["tiki_request_duration_seconds_count"] == Double(report.attempts))
        #expect(samples["tiki_requests_in_flight"] == 0)
        #expect(samples["tiki_ids_to_fetch"] == Double(ids.count))
        #expect(samples["tiki_concurrency_limit"] == 16)
        #expect(samples["tiki_response_bytes_total"] == Double(report.responseBytes))
        #expect((report.counts[.notFound] ?? 0) > 0, "the fault profile produced 404s")

        let running = try JSONParser.parse(Array(try await get("\(monitor.url)/status").body.utf8))
        #expect(running["state"] == .string("running"))
        #expect(running["done"] == .int(Int64(ids.count)))
        #expect(running["total"] == .int(Int64(ids.count)))
        #expect(running["current_file"]?.stringValue?.hasPrefix(out) == true)
        #expect(running["timers"]?["tiki_request_duration_seconds"]?["count"]?.int64Value == Int64(report.attempts))
        #expect(running["timers"]?["tiki_request_duration_seconds"]?["p50"]?.doubleValue ?? 0 > 0)
        #expect(running["counters"]?["tiki_requests_total"]?["outcome=ok"]?.int64Value == report.counts[.ok].map(Int64.init))

        let page = try await get("\(monitor.url)/")
        #expect(page.contentType?.hasPrefix("text/html") == true)
        #expect(page.body.contains("fetch(\"/status\""))
        #expect(!page.body.contains("http://") && !page.body.contains("https://"), "the page loads nothing from elsewhere")

        monitor.finish()
        let finished = try JSONParser.parse(Array(try await get("\(monitor.url)/status").body.utf8))
        #expect(finished["state"] == .string("finished"))
        #expect(finished["eta_seconds"]?.doubleValue == 0)
        await monitor.shutdown()
    }

    @Test func aBusyPortIsAnErrorNamingTheAddress() async throws {
        let first = try await RunMonitor.start(host: "127.0.0.1", port: 0, total: 10, factory: MonitorMetricsFactory())
        let port = Int(first.url.split(separator: ":").last!)!
        await #expect {
            _ = try await RunMonitor.start(host: "127.0.0.1", port: port, total: 10, factory: MonitorMetricsFactory())
        } throws: { error in
            (error as? MonitorError)?.message.contains("127.0.0.1:\(port)") == true
        }
        first.rowsDone(4)
        first.rowsDone(3)
        let status = try JSONParser.parse(Array(try await get("\(first.url)/status").body.utf8))
        #expect(status["label"] == .string("load"))
        #expect(status["done"] == .int(7))
        #expect(status["total"] == .int(10))
        #expect(status["eta_seconds"]?.doubleValue != nil)
        await first.shutdown()
    }
}
