import Foundation
import Synchronization
import TikiJSON

/// Counters shared by the fetch tasks and the progress display.
package final class IngestStatistics: FetchObserver, Sendable {
    package struct Snapshot: Sendable {
        /// Final outcomes, one per ID that finished.
        package var finished: [OutcomeClass: Int] = [:]
        /// Attempts that will be retried, by class.
        package var retries: [OutcomeClass: Int] = [:]
        package var attempts = 0
        /// Attempts the server refused (429, captcha pages, soft blocks), retried or not.
        package var refused = 0
        package var bodyBytes = 0
        package var abandoned = 0
        /// Records kept with strings that were not UTF-8, repaired.
        package var repairedUTF8 = 0
        /// The limiter's rate now, requests per second (infinite when unpaced).
        package var rate = Double.infinity
        /// The rate over the run, a sample every few seconds.
        package var rateSamples: [AdaptiveRateLimiter.Sample] = []
        var latencies: [Float] = []

        /// Refused attempts as a share of all attempts.
        package var refusedShare: Double { attempts > 0 ? Double(refused) / Double(attempts) : 0 }

        package var finishedCount: Int { finished.values.reduce(0, +) }
        package var retryCount: Int { retries.values.reduce(0, +) }

        /// The latency below which `fraction` of attempts finished, in seconds.
        package func latencyPercentile(_ fraction: Double) -> Double? {
            guard !latencies.isEmpty else { return nil }
            let sorted = latencies.sorted()
            let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))
            return Double(sorted[index])
        }
    }

    private let state = Mutex(Snapshot())
    private let rateSource = Mutex<AdaptiveRateLimiter?>(nil)
    private let batchFile = Mutex<String?>(nil)
    /// The same counts as swift-metrics instruments, for `--metrics-port`.
    package let metrics: IngestMetrics

    package init(metrics: IngestMetrics = IngestMetrics()) {
        self.metrics = metrics
    }

    /// The batch file written last, for the dashboard.
    package var lastBatchFile: String? { batchFile.withLock { $0 } }

    func batchWritten(_ path: String) {
        batchFile.withLock { $0 = path }
    }

    /// Sets the rate gauge from the limiter, until cancelled; twice a second is enough for a dashboard that
    /// refreshes once a second and a scrape every few.
    func publishRate() async {
        while !Task.isCancelled {
            if let rate = limiter?.rate { metrics.rate(rate) }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// A request is about to go out.
    func attemptStarted() { metrics.attemptStarted() }

    /// A request came back, or failed, or was cancelled.
    func attemptEnded() { metrics.attemptEnded() }

    /// The limiter whose rate the counts report.
    var limiter: AdaptiveRateLimiter? {
        get { rateSource.withLock { $0 } }
        set { rateSource.withLock { $0 = newValue } }
    }

    /// Adds a sample of the rate to the run's record.
    func sampleRate(_ rate: Double, refused: Int, at seconds: Double) {
        state.withLock { $0.rateSamples.append(.init(seconds: seconds, rate: rate, refused: refused)) }
    }

    package func attemptFinished(outcome: OutcomeClass, seconds: Double, bodyBytes: Int, willRetry: Bool) {
        state.withLock { s in
            s.attempts += 1
            if outcome.isThrottle { s.refused += 1 }
            s.bodyBytes += bodyBytes
            s.latencies.append(Float(seconds))
            if willRetry { s.retries[outcome, default: 0] += 1 }
        }
        metrics.attemptFinished(outcome: outcome, seconds: seconds, bodyBytes: bodyBytes, willRetry: willRetry)
    }

    /// Records how one ID ended (after projection, which may turn a document into `invalid_payload`).
    package func finished(_ outcome: OutcomeClass) {
        state.withLock { $0.finished[outcome, default: 0] += 1 }
        metrics.finished(outcome)
    }

    /// A record was kept with invalid UTF-8 replaced.
    func repairedUTF8() {
        state.withLock { $0.repairedUTF8 += 1 }
    }

    package func abandoned() {
        state.withLock { $0.abandoned += 1 }
    }

    package var snapshot: Snapshot {
        var copy = state.withLock { $0 }
        copy.rate = limiter?.rate ?? .infinity
        return copy
    }

    /// Counts without the latency samples, cheap enough to take several times a second.
    package var counts: Snapshot {
        state.withLock { s in
            var copy = Snapshot()
            copy.finished = s.finished
            copy.retries = s.retries
            copy.attempts = s.attempts
            copy.refused = s.refused
            copy.bodyBytes = s.bodyBytes
            copy.abandoned = s.abandoned
            copy.rate = limiter?.rate ?? .infinity
            return copy
        }
    }
}
