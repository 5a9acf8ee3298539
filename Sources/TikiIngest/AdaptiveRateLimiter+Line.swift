import DequeModule
import Foundation

/// The line of requests waiting for a token: one task hands the tokens out as they come, at the rate of the moment.
///
/// Waiters that slept until their place in line was due, priced at the rate when they joined, slept through a
/// rising rate: in slow start at a 100 ms round trip the rate passed 1,000/s while requests still left at the
/// 400/s they were priced at (60 of a 1,000/s allowance's requests lost in that round trip), then left together
/// when their sleeps ended. Waking them more often to look again made them leave in bursts, which a firewall with
/// a small bucket refuses. Served from one place, each token goes to one waiter when it appears.
extension AdaptiveRateLimiter {
    /// A caller of `acquire` waiting for a token; `resume(false)` lets it go, `resume(true)` ends its wait as
    /// cancelled.
    struct Waiter: Sendable {
        var id: UInt64
        var resume: @Sendable (_ cancelled: Bool) -> Void
    }

    /// What becomes of a caller of `acquire`.
    enum Admission: Equatable {
        /// A token was there and nobody waited before it.
        case go
        /// In line; `serve`: nobody serves the line yet, so the caller starts the task that does.
        case queued(serve: Bool)
        /// Its task was cancelled before it could join.
        case cancelled
    }

    /// Waits until a request may start: at once when a token is there and nobody waits, else in line.
    package func acquire() async throws {
        let id = state.withLock { s in
            s.lastWaiter += 1
            return s.lastWaiter
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let waiter = Waiter(id: id) { cancelled in
                    if cancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                }
                switch admit(waiter, now: .now) {
                case .go: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued(let serve):
                    if serve { Task { await self.serveLine() } }
                }
            }
        } onCancel: {
            leave(id)?.resume(true)
        }
    }

    /// Gives a newcomer a token if nobody waits and the bucket holds one; else puts it at the end of the line.
    ///
    /// Cancellation is read under the lock: a cancellation handler runs after the flag is set, so either it finds
    /// the waiter in line, or this finds the flag.
    func admit(_ waiter: Waiter, now: ContinuousClock.Instant) -> Admission {
        state.withLock { s in
            if Task.isCancelled { return .cancelled }
            if s.line.isEmpty, takeFromBucket(now: now, &s) { return .go }
            s.heldBack = true
            s.lastHeldBack = now
            s.line.append(waiter)
            defer { s.serving = true }
            return .queued(serve: !s.serving)
        }
    }

    /// Takes a cancelled waiter out of the line; `nil` when it already left with a token.
    func leave(_ id: UInt64) -> Waiter? {
        state.withLock { s in
            guard let index = s.line.firstIndex(where: { $0.id == id }) else { return nil }
            return s.line.remove(at: index)
        }
    }

    /// Serves the line until it is empty.
    private func serveLine() async {
        while let pause = serve(now: .now) {
            try? await Task.sleep(for: pause)
        }
    }

    /// Lets go as many waiters as the bucket holds tokens for now; returns how long until the next look, or `nil`
    /// when the line is empty and serving stops.
    ///
    /// The next look is when the next token is due at the rate of now, and no later than `longestLook`: a rate
    /// that rises (slow start grows it with every answer) is followed within a token of the old rate.
    func serve(now: ContinuousClock.Instant) -> Duration? {
        let (ready, next) = state.withLock { s -> ([Waiter], Duration?) in
            var ready: [Waiter] = []
            while !s.line.isEmpty, takeFromBucket(now: now, &s) { ready.append(s.line.removeFirst()) }
            guard !s.line.isEmpty else {
                s.serving = false
                return (ready, nil)
            }
            s.heldBack = true
            s.lastHeldBack = now
            return (ready, min(untilNextToken(now: now, s), Self.longestLook))
        }
        for waiter in ready { waiter.resume(false) }
        return next
    }

    /// The longest the line goes unserved: a rate raised from the floor is taken up within it.
    static let longestLook = Duration.milliseconds(100)
}
