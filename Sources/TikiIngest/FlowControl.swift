import Foundation
import Synchronization

/// An AIMD concurrency limit: shrinks multiplicatively when the server throttles, grows by one per window of
/// successes, between 1 and the configured maximum.
public final class AdaptiveConcurrency: Sendable {
    private struct State {
        var limit: Double
        var lastDecrease: ContinuousClock.Instant?
    }

    public let maximum: Int
    private let decreaseFactor: Double
    private let cooldown: Duration
    private let state: Mutex<State>

    public init(maximum: Int, decreaseFactor: Double = 0.7, cooldown: Duration = .seconds(1)) {
        precondition(maximum >= 1)
        self.maximum = maximum
        self.decreaseFactor = decreaseFactor
        self.cooldown = cooldown
        state = Mutex(State(limit: Double(maximum)))
    }

    /// How many requests may be in flight now.
    public var current: Int { state.withLock { max(1, Int($0.limit)) } }

    /// The server pushed back (429 or a block page): shrink, at most once per cooldown so one burst counts once.
    public func recordThrottle(now: ContinuousClock.Instant = .now) {
        state.withLock { s in
            if let last = s.lastDecrease, now - last < cooldown { return }
            s.limit = max(1, s.limit * decreaseFactor)
            s.lastDecrease = now
        }
    }

    /// A request succeeded: grow by 1/limit, so by one per window of `limit` successes.
    public func recordSuccess() {
        state.withLock { s in
            if s.limit < Double(maximum) { s.limit = min(Double(maximum), s.limit + 1 / s.limit) }
        }
    }
}

/// Spaces request starts to at most `rate` per second across every task that shares it.
public final class RequestPacer: Sendable {
    private let interval: Duration
    private let next: Mutex<ContinuousClock.Instant>

    /// `nil` when `rate` is not positive: no pacing.
    public init?(ratePerSecond rate: Double) {
        guard rate > 0 else { return nil }
        interval = .nanoseconds(Int64(1e9 / rate))
        next = Mutex(.now)
    }

    /// Waits for this caller's slot.
    public func waitForSlot() async throws {
        let now = ContinuousClock.now
        let slot = next.withLock { next in
            let slot = max(now, next)
            next = slot + interval
            return slot
        }
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }
}

/// Set once when the user asks the run to stop (Ctrl-C); checked by the dispatcher and before retries.
public final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .relaxed) }

    public func request() { requested.store(true, ordering: .relaxed) }
}
