import CoreMetrics
import Metrics

/// The ingest and retry jobs' instruments, through swift-metrics: whatever backend the process bootstrapped
/// receives them (Prometheus and the dashboard under `--metrics-port`, nothing otherwise).
///
/// Every instrument is made once, up front: making one asks the backend (a lock and a registry lookup), updating
/// one is an atomic add. Every outcome class has its counters from the start, so a PromQL query for a class
/// that never happened answers 0 rather than nothing.
package struct IngestMetrics: Sendable {
    /// The metric names, for dashboards and queries.
    package enum Name {
        package static let requests = "tiki_requests_total"
        package static let requestDuration = "tiki_request_duration_seconds"
        package static let inFlight = "tiki_requests_in_flight"
        package static let rate = "tiki_rate_limit_requests_per_second"
        package static let concurrency = "tiki_concurrency_limit"
        package static let responseBytes = "tiki_response_bytes_total"
        package static let retries = "tiki_retries_total"
        package static let records = "tiki_records_written_total"
        package static let errors = "tiki_errors_written_total"
        package static let idsToFetch = "tiki_ids_to_fetch"
    }

    private let requests: [OutcomeClass: Counter]
    private let retries: [OutcomeClass: Counter]
    private let errors: [OutcomeClass: Counter]
    private let records: Counter
    private let latency: CoreMetrics.Timer
    private let inFlight: Meter
    private let rate: Meter
    private let concurrency: Meter
    private let responseBytes: Counter
    private let idsToFetch: Meter

    package init(factory: any MetricsFactory = MetricsSystem.factory) {
        func byOutcome(_ name: String, _ label: String, _ classes: [OutcomeClass]) -> [OutcomeClass: Counter] {
            Dictionary(uniqueKeysWithValues: classes.map { ($0, Counter(label: name, dimensions: [(label, $0.rawValue)], factory: factory)) })
        }
        requests = byOutcome(Name.requests, "outcome", OutcomeClass.allCases)
        retries = byOutcome(Name.retries, "outcome", OutcomeClass.allCases.filter(\.isTransient))
        errors = byOutcome(Name.errors, "error", OutcomeClass.allCases.filter { $0 != .ok })
        records = Counter(label: Name.records, factory: factory)
        latency = CoreMetrics.Timer(label: Name.requestDuration, factory: factory)
        inFlight = Meter(label: Name.inFlight, factory: factory)
        rate = Meter(label: Name.rate, factory: factory)
        concurrency = Meter(label: Name.concurrency, factory: factory)
        responseBytes = Counter(label: Name.responseBytes, factory: factory)
        idsToFetch = Meter(label: Name.idsToFetch, factory: factory)
    }

    func attemptStarted() { inFlight.increment() }

    func attemptEnded() { inFlight.decrement() }

    func attemptFinished(outcome: OutcomeClass, seconds: Double, bodyBytes: Int, willRetry: Bool) {
        requests[outcome]?.increment()
        latency.recordNanoseconds(Int64(seconds * 1e9))
        if bodyBytes > 0 { responseBytes.increment(by: bodyBytes) }
        if willRetry { retries[outcome]?.increment() }
    }

    /// One ID settled: a record, or an error entry of its class.
    func finished(_ outcome: OutcomeClass) {
        if outcome == .ok { records.increment() } else { errors[outcome]?.increment() }
    }

    /// The limiter's rate; an unpaced run (infinite rate) leaves the gauge unset rather than emit `+Inf`.
    func rate(_ requestsPerSecond: Double) {
        if requestsPerSecond.isFinite { rate.set(requestsPerSecond) }
    }

    func started(ids: Int, concurrency limit: Int) {
        idsToFetch.set(ids)
        concurrency.set(limit)
    }
}
