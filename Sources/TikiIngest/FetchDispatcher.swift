import BatchStore
import Foundation
import Logging
import TikiJSON
import TikiSchema
import TikiTransform

/// Runs a job's requests: at most the AIMD limit in flight, a new one added as one finishes, and transient
/// failures parked until their backoff (or `Retry-After`) is over — a waiting retry holds no slot.
///
/// After a stop request no new request starts; those in flight get the grace period, then are cancelled. IDs
/// cancelled or parked for a retry are left unsettled, so a later run fetches them again.
struct FetchDispatcher: Sendable {
    let fetcher: ProductFetcher
    let projector: Projector
    let statistics: IngestStatistics
    let stop: StopRequest
    let logger: Logger
    let limiter: AdaptiveConcurrency
    let pacer: RequestPacer?

    init(fetcher: ProductFetcher, projector: Projector, statistics: IngestStatistics, stop: StopRequest, logger: Logger) {
        self.fetcher = fetcher
        self.projector = projector
        self.statistics = statistics
        self.stop = stop
        self.logger = logger
        limiter = AdaptiveConcurrency(maximum: fetcher.configuration.http.concurrency)
        pacer = RequestPacer(ratePerSecond: fetcher.configuration.http.maxRequestsPerSecond)
    }

    private enum Child: Sendable {
        case settled(IngestJob.Settled)
        case retry(id: Int64, attempt: Int, AttemptFailure)
        case cancelled(id: Int64)
        case wake
        case graceExpired
    }

    private struct ParkedRetry {
        var due: ContinuousClock.Instant
        var id: Int64
        var attempt: Int
    }

    func run(_ ids: [Int64], sink: (IngestJob.Settled) throws(StorageError) -> Void) async throws -> Bool {
        let configuration = fetcher.configuration
        return try await withThrowingTaskGroup(of: Child.self) { group in
            var next = ids.makeIterator()
            var idsLeft = true
            var parked: [ParkedRetry] = []
            var inFlight = 0
            var wakeAt: ContinuousClock.Instant?
            var graceStarted = false
            var generator = SystemRandomNumberGenerator()

            func start(_ id: Int64, attempt: Int) {
                inFlight += 1
                group.addTask { await self.attempt(id, number: attempt) }
            }

            while true {
                if !stop.isRequested {
                    while inFlight < limiter.current {
                        let now = ContinuousClock.now
                        if let k = parked.indices.min(by: { parked[$0].due < parked[$1].due }), parked[k].due <= now {
                            let retry = parked.remove(at: k)
                            start(retry.id, attempt: retry.attempt)
                        } else if idsLeft, let id = next.next() {
                            start(id, attempt: 1)
                        } else {
                            idsLeft = false
                            break
                        }
                    }
                    if inFlight < limiter.current, let earliest = parked.map(\.due).min(), wakeAt.map({ earliest < $0 }) ?? true {
                        wakeAt = earliest
                        group.addTask {
                            try? await Task.sleep(until: earliest, clock: .continuous)
                            return .wake
                        }
                    }
                } else {
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
                }
                if inFlight == 0, parked.isEmpty, !idsLeft { break }
                guard let child = try await group.next() else { break }
                switch child {
                case .wake:
                    wakeAt = nil
                case .graceExpired:
                    if inFlight > 0 {
                        logger.warning("grace period over: cancelling \(inFlight) request(s) still in flight")
                        group.cancelAll()
                    }
                case .settled(let settled):
                    inFlight -= 1
                    try sink(settled)
                case .retry(let id, let attempt, let failure):
                    inFlight -= 1
                    let delay = configuration.retry.delay(beforeRetry: attempt, retryAfter: failure.retryAfter, using: &generator)
                    parked.append(ParkedRetry(due: .now + .milliseconds(Int64(delay * 1000)), id: id, attempt: attempt + 1))
                case .cancelled:
                    inFlight -= 1
                    statistics.abandoned()
                }
            }
            for _ in parked { statistics.abandoned() }
            group.cancelAll()
            return stop.isRequested
        }
    }

    /// One attempt at `id`, settled here when it is final (projection runs on this task, off the dispatcher).
    private func attempt(_ id: Int64, number: Int) async -> Child {
        do { try await pacer?.waitForSlot() } catch { return .cancelled(id: id) }
        let started = ContinuousClock.now
        let (outcome, bodyBytes) = await fetcher.attemptOnce(id)
        let seconds = (ContinuousClock.now - started).seconds
        switch outcome {
        case .success(let document):
            limiter.recordSuccess()
            statistics.attemptFinished(outcome: .ok, seconds: seconds, bodyBytes: bodyBytes, willRetry: false)
            return .settled(settle(id, document: document, attempts: number))
        case .failure(let failure):
            if Task.isCancelled { return .cancelled(id: id) }
            if failure.outcome.isThrottle { limiter.recordThrottle() }
            let retryable = failure.outcome.isTransient && number <= fetcher.configuration.retry.maxRetries
            let willRetry = retryable && !stop.isRequested
            statistics.attemptFinished(outcome: failure.outcome, seconds: seconds, bodyBytes: bodyBytes, willRetry: willRetry)
            if willRetry { return .retry(id: id, attempt: number, failure) }
            if retryable { return .cancelled(id: id) }
            statistics.finished(failure.outcome)
            return .settled(.error(ErrorEntry(
                id: id, error: failure.outcome.rawValue, status: failure.status, attempts: number, message: failure.message)))
        }
    }

    private func settle(_ id: Int64, document: JSONValue, attempts: Int) -> IngestJob.Settled {
        let fetchedAt = TimestampParser.iso8601(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
        do {
            let record = try projector.project(document, variables: ["fetched_at": .string(fetchedAt)])
            statistics.finished(.ok)
            return .record(record)
        } catch {
            statistics.finished(.invalidPayload)
            return .error(ErrorEntry(
                id: id, error: OutcomeClass.invalidPayload.rawValue, status: 200, attempts: attempts,
                message: "does not fit the schema: \(error)"))
        }
    }
}
