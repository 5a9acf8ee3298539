import BatchStore
import Foundation
import HeapModule
import Logging
import TikiJSON
import TikiSchema
import TikiTransform

/// Runs a job's requests: at most `concurrency` in flight, each started when the shared rate limiter hands out a
/// token, and transient failures parked until their backoff (or `Retry-After`) is over — a waiting retry holds
/// no slot.
///
/// A throttled attempt (429, a captcha page, a soft block) does not use up the ID's retries while the limiter
/// is backing off: the server is refusing the client, not the ID. The run gives up on throttling only when no
/// clean response has come for `giveUpAfter`; the throttled IDs then become error entries for `retry`.
///
/// After a stop request no new request starts; those in flight get the grace period, then are cancelled. IDs
/// cancelled or parked for a retry are left unsettled, so a later run fetches them again.
struct FetchDispatcher: Sendable {
    let fetcher: ProductFetcher
    let projector: Projector
    let statistics: IngestStatistics
    let stop: StopRequest
    let logger: Logger
    let limiter: AdaptiveRateLimiter
    /// Attempts earlier runs made for an ID (`retry` reads them from the error entries), so that an error entry
    /// counts every attempt its ID has had, not only this run's.
    var earlierAttempts: [Int64: Int] = [:]

    init(fetcher: ProductFetcher, projector: Projector, statistics: IngestStatistics, stop: StopRequest, logger: Logger) {
        self.fetcher = fetcher
        self.projector = projector
        self.statistics = statistics
        self.stop = stop
        self.logger = logger
        limiter = AdaptiveRateLimiter(settings: fetcher.configuration.rateSettings)
        statistics.limiter = limiter
    }

    /// How a run of the dispatcher ended.
    enum Ending: Sendable, Equatable {
        case finished
        case interrupted
        /// No clean response for the give-up period while the server refused us.
        case gaveUp(String)
        /// The first attempts all failed the same way, for a reason no ID has a part in (TLS, DNS, a refused
        /// connection): the run stopped at once.
        case failedFast(String)
    }

    /// Watches the first attempts of a run for one error shared by all of them.
    struct FirstAttemptsWatch {
        /// How many attempts must fail alike: enough that one unlucky ID cannot stop a run.
        var needed: Int
        private var seen = 0
        private var first: AttemptFailure?
        private var armed = true

        init(needed: Int) { self.needed = needed }

        /// Takes one finished attempt (`nil`: it succeeded); returns the shared error once `needed` agree.
        mutating func observe(_ failure: AttemptFailure?) -> String? {
            guard armed else { return nil }
            guard let failure, failure.outcome == .tls || failure.outcome == .connection,
                first.map({ $0.outcome == failure.outcome && $0.message == failure.message }) ?? true
            else {
                armed = false
                return nil
            }
            first = first ?? failure
            seen += 1
            guard seen >= needed else { return nil }
            armed = false
            return "the first \(seen) requests all failed the same way (\(failure.outcome.rawValue)): \(failure.message)"
        }
    }

    /// One attempt to make: which, how many before it, how many of the retries it has used, how the last failed.
    private struct Attempt: Sendable {
        var id: Int64
        var number = 1
        var retriesUsed = 0
        var throttles = 0
        var lastFailure: AttemptFailure?
    }

    private enum Child: Sendable {
        case settled(FetchRun.Settled)
        case retry(Attempt)
        case cancelled(Attempt)
        case wake
        case tick
        case graceExpired
    }

    private struct ParkedRetry: Comparable {
        var due: ContinuousClock.Instant
        var attempt: Attempt

        static func < (a: ParkedRetry, b: ParkedRetry) -> Bool { a.due < b.due }
        static func == (a: ParkedRetry, b: ParkedRetry) -> Bool { a.due == b.due && a.attempt.id == b.attempt.id }
    }

    func run(_ ids: [Int64], sink: (FetchRun.Settled) async throws(StorageError) -> Void) async throws -> Ending {
        let configuration = fetcher.configuration
        let concurrency = configuration.http.concurrency
        let giveUpAfter = Duration.nanoseconds(Int64(configuration.giveUpAfter * 1e9))
        // Ticks take the rate samples of the run report and watch for a server that refuses everything.
        let tickInterval = min(Duration.seconds(2), giveUpAfter / 4)
        let started = ContinuousClock.now
        return try await withThrowingTaskGroup(of: Child.self) { group in
            var next = ids.makeIterator()
            var idsLeft = true
            var parked = Heap<ParkedRetry>()
            var inFlight = 0
            var wakeAt: ContinuousClock.Instant?
            var graceStarted = false
            var gaveUp: String?
            var failedFast: String?
            var watch = FirstAttemptsWatch(needed: min(20, max(1, ids.count)))
            var generator = SystemRandomNumberGenerator()
            func stopFast(_ failure: AttemptFailure?) {
                guard failedFast == nil, let reason = watch.observe(failure) else { return }
                failedFast = reason
                logger.error("stopping: \(reason)")
                group.cancelAll()
            }

            func start(_ attempt: Attempt) {
                inFlight += 1
                group.addTask { await self.attempt(attempt) }
            }
            group.addTask {
                try? await Task.sleep(for: tickInterval)
                return .tick
            }

            while true {
                let dispatching = !stop.isRequested && gaveUp == nil && failedFast == nil
                if dispatching {
                    while inFlight < concurrency {
                        if let first = parked.min, first.due <= .now {
                            start(parked.removeMin().attempt)
                        } else if idsLeft, let id = next.next() {
                            start(Attempt(id: id))
                        } else {
                            idsLeft = false
                            break
                        }
                    }
                    if inFlight < concurrency, let earliest = parked.min?.due, wakeAt.map({ earliest < $0 }) ?? true {
                        wakeAt = earliest
                        group.addTask {
                            try? await Task.sleep(until: earliest, clock: .continuous)
                            return .wake
                        }
                    }
                } else if stop.isRequested {
                    if inFlight == 0 { break }
                    if !graceStarted {
                        graceStarted = true
                        let grace = configuration.stopGracePeriod
                        logger.info("stopping: waiting up to \(grace)s for \(inFlight) request(s) in flight")
                        group.addTask {
                            try? await Task.sleep(for: .milliseconds(Int64(grace * 1000)))
                            return .graceExpired
                        }
                    }
                } else if inFlight == 0 {
                    break
                }
                if inFlight == 0, parked.isEmpty, !idsLeft { break }
                guard let child = try await group.next() else { break }
                switch child {
                case .wake:
                    wakeAt = nil
                case .tick:
                    let now = ContinuousClock.now
                    statistics.sampleRate(limiter.rate, refused: limiter.refusedCount, at: (now - started) / .seconds(1))
                    if gaveUp == nil, limiter.refusedCount > 0, now - limiter.lastClean >= giveUpAfter {
                        gaveUp = "no successful response for \(ProgressDisplay.duration(giveUpAfter / .seconds(1))) while the server "
                            + "refused \(limiter.refusedCount) request(s): the server is refusing us"
                        logger.error("giving up: \(gaveUp!)")
                        // Requests waiting for a token at the floor rate could wait minutes: end them now.
                        group.cancelAll()
                    }
                    group.addTask {
                        try? await Task.sleep(for: tickInterval)
                        return .tick
                    }
                case .graceExpired:
                    if inFlight > 0 {
                        logger.warning("grace period over: cancelling \(inFlight) request(s) still in flight")
                        group.cancelAll()
                    }
                case .settled(let settled):
                    inFlight -= 1
                    if case .error(let entry) = settled {
                        stopFast(AttemptFailure(OutcomeClass(rawValue: entry.error) ?? .connection, message: entry.message))
                    } else {
                        stopFast(nil)
                    }
                    try await sink(settled)
                case .retry(let attempt):
                    inFlight -= 1
                    stopFast(attempt.lastFailure)
                    let failure = attempt.lastFailure
                    let delay: Double
                    if let failure, failure.outcome.isThrottle, failure.retryAfter == nil, limiter.settings.adaptive {
                        // The limiter paces every request, retries included, and this refusal has already told it
                        // to slow down, so a backoff of the ID's own (up to 0.5 s, then 1 and 2) would only idle
                        // the run's tail. A short jitter still spreads a burst of refusals: retried all at once,
                        // they came back as a burst of refusals (8.7% refused at 1,000/s instead of 3%, before
                        // requests waited in the limiter's line). Their place in that line spaces them at the rate
                        // now, so the jitter need only keep them from taking the bucket's tokens at once: the time
                        // its tokens last (`burstSeconds`, 20 ms). A tenth of a second left the last refused IDs of a
                        // run waiting up to that long for nothing (at 1,000/s and 100 ms, 956–959 records/s against
                        // 961–962 with 20 ms, two runs each; the refused share did not change).
                        delay = Double.random(in: 0...limiter.settings.burstSeconds, using: &generator)
                    } else {
                        let retryNumber = failure?.outcome.isThrottle == true ? min(attempt.throttles, 3) : attempt.retriesUsed
                        delay = configuration.retry.delay(
                            beforeRetry: max(1, retryNumber), retryAfter: failure?.retryAfter, using: &generator)
                    }
                    parked.insert(ParkedRetry(due: .now + .milliseconds(Int64(delay * 1000)), attempt: attempt))
                case .cancelled(let attempt):
                    inFlight -= 1
                    if gaveUp != nil, attempt.lastFailure != nil {
                        parked.insert(ParkedRetry(due: .now, attempt: attempt))
                    } else {
                        statistics.abandoned()
                    }
                }
            }
            if gaveUp != nil {
                // The throttled IDs become error entries, so `retry` takes them up once the server lets us in again.
                while let retry = parked.popMin(), let failure = retry.attempt.lastFailure {
                    statistics.finished(failure.outcome)
                    try await sink(.error(ErrorEntry(
                        id: retry.attempt.id, error: failure.outcome.rawValue, status: failure.status,
                        attempts: attemptsSoFar(retry.attempt.id, retry.attempt.number - 1), message: "gave up: \(failure.message)")))
                }
            }
            for _ in parked.unordered { statistics.abandoned() }
            group.cancelAll()
            statistics.sampleRate(limiter.rate, refused: limiter.refusedCount, at: (ContinuousClock.now - started) / .seconds(1))
            if let failedFast { return .failedFast(failedFast) }
            if let gaveUp { return .gaveUp(gaveUp) }
            return stop.isRequested ? .interrupted : .finished
        }
    }

    /// One attempt, settled here when it is final (projection runs on this task, off the dispatcher).
    private func attempt(_ attempt: Attempt) async -> Child {
        let id = attempt.id
        do { try await limiter.acquire() } catch { return .cancelled(attempt) }
        let started = ContinuousClock.now
        statistics.attemptStarted()
        let (outcome, bodyBytes, repaired) = await fetcher.attemptOnce(id)
        statistics.attemptEnded()
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        switch outcome {
        case .success(let document):
            limiter.record(.clean, latency: seconds)
            if repaired > 0 {
                statistics.repairedUTF8()
                logger.warning("product \(id): \(repaired) string(s) were not UTF-8; bad bytes replaced with U+FFFD")
            }
            statistics.attemptFinished(outcome: .ok, seconds: seconds, bodyBytes: bodyBytes, willRetry: false)
            return .settled(settle(id, document: document, attempts: attempt.number))
        case .failure(let failure):
            if Task.isCancelled { return .cancelled(attempt) }
            let retryAfter = failure.retryAfter.map { min($0, fetcher.configuration.retry.retryAfterCap) }
            limiter.record(Self.signal(failure.outcome), latency: seconds, retryAfter: retryAfter)
            var next = attempt
            next.number += 1
            next.lastFailure = failure
            if failure.outcome.isThrottle {
                next.throttles += 1
                if !limiter.isBackingOff() { next.retriesUsed += 1 }
            } else {
                next.retriesUsed += 1
            }
            let retryable = failure.outcome.isTransient && next.retriesUsed <= fetcher.configuration.retry.maxRetries
            let willRetry = retryable && !stop.isRequested
            statistics.attemptFinished(outcome: failure.outcome, seconds: seconds, bodyBytes: bodyBytes, willRetry: willRetry)
            if willRetry { return .retry(next) }
            if retryable { return .cancelled(attempt) }
            statistics.finished(failure.outcome)
            return .settled(.error(ErrorEntry(
                id: id, error: failure.outcome.rawValue, status: failure.status, attempts: attemptsSoFar(id, attempt.number),
                message: failure.message)))
        }
    }

    /// The attempts an error entry records: this run's `made`, and those of the runs before.
    private func attemptsSoFar(_ id: Int64, _ made: Int) -> Int { earlierAttempts[id, default: 0] + made }

    /// What a failed attempt says about the rate: refusals cut it; a 404 or another 4xx is a clean answer.
    static func signal(_ outcome: OutcomeClass) -> AdaptiveRateLimiter.Signal {
        if outcome.isThrottle { return .refused }
        switch outcome {
        case .notFound, .clientError, .ok: return .clean
        default: return .neutral
        }
    }

    private func settle(_ id: Int64, document: JSONValue, attempts: Int) -> FetchRun.Settled {
        let fetchedAt = TimestampParser.iso8601(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
        do {
            let record = try projector.project(document, variables: ["fetched_at": .string(fetchedAt)])
            statistics.finished(.ok)
            return .record(record)
        } catch {
            statistics.finished(.invalidPayload)
            return .error(ErrorEntry(
                id: id, error: OutcomeClass.invalidPayload.rawValue, status: 200, attempts: attemptsSoFar(id, attempts),
                message: "does not fit the schema: \(error)"))
        }
    }
}
