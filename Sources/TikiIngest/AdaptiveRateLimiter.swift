import DequeModule
import Foundation
import Synchronization

/// A token bucket that every request of a run draws from, retries included, whose rate adapts to what the
/// server allows.
///
/// What a throttle limits is requests per second, so that is what is controlled. Concurrency only bounds how
/// many requests are in flight: when a firewall refuses in under a millisecond, a single slot sends thousands
/// of requests a second. The control law, in the terms of TCP congestion control (RFC 5681) it borrows from:
///
/// - **Signals.** Each response is *refused* (429, a captcha or HTML page, a soft block), *clean* (a JSON
///   document or a 404: the server answered the question it was asked) or *neutral* (5xx, timeouts, resets:
///   failures of one request that say nothing about the rate).
/// - **Slow start.** The rate starts at `initialRate` with `initialBurst` tokens (one: see small buckets below)
///   and every clean response adds `min(rate, slowStartGain / max(latency, minimumRound))`: with a gain of 3,
///   the rate grows fourfold per round trip, clocked by the responses as TCP's window is by ACKs (TCP doubles; a rate has no
///   queue to fill, and an overshoot costs only the requests of one round trip: against a 100/s firewall at
///   most ~3 × 100 × RTT refusals, against a run of thousands). A local server answering in 2 ms is at
///   10,000/s after a few dozen responses; a 100 ms server passes 1,000/s halfway through the second round trip.
///   Below `minimumRound` the growth is per round, not per round trip: a rate that grew fourfold per 1 ms
///   answer outran the 20 ms rounds that judge it and reached five times a 1,000/s allowance before the
///   first cut (300 refusals in the first quarter second). Nor does it pass four times what the last round
///   sent (RFC 7661).
/// - **Rounds.** Responses are judged in rounds of at least `max(2 × smoothed RTT, minimumRound)` and
///   `minimumRoundResponses` responses: the refusals of requests sent before a cut arrive up to a round trip after
///   it, and must not cut again. A round whose refused share passes `refusedShareThreshold` (plus the background
///   share, below) by more than chance (`significance`) cuts the rate to `min(rate, accepted rate of the round)`
///   (see `acceptedRate`), but never below half the rate, or a quarter when answers are current
///   (`deepestCurrentCut`), less a margin (`cutFactor`; when the accepted rate is the limit, `cutError / sqrt(answers)`, at least
///   `1 - cutFactor`: 5% at 20 answers, 1.6% at 200); so does a round whose refusals, pooled with the fading
///   counts of the rounds before it since the last cut, are beyond chance (a short round cannot see a small
///   excess). Refusals arriving within a round (at least `minimumRound`) of a cut belong to requests sent before
///   it and do not cut again.
///   Cutting to the *accepted* rate rather than halving is the point: a token bucket over its limit
///   passes exactly its rate, so one cut lands just under the allowance. TCP's halving gives a 0.5–1 sawtooth, 75%
///   of the link; a 0.95–1 sawtooth delivers about 97%, and the probe above the allowance delivers all of it.
/// - **Leaving slow start when answers lag.** With answers a round trip of `laggingRTT` or more away, the round's
///   accepted rate describes requests sent a round trip earlier, far down the ramp, and the cut that ended slow
///   start landed at `cutFactor` × half the rate (780/s against a 1,000/s allowance at 100 ms), a second of
///   probing below it. So the round that would end slow start first keeps the rate for an *exit window*: from
///   the sending of its oldest recent refusal (the server's bucket was empty then) for `exitWindowLength`, or until
///   `exitWindowRefusals` more refusals. Every request of the window the server passed, it passed at its
///   allowance. Slow start ends with the usual cut, and once the window's answers are in, the rate is set to the
///   allowance they measure, less the margin for their count, and growth near it is the slow one. With timely
///   answers there is no window: the round's accepted rate is current.
/// - **Congestion avoidance.** After the first cut the rate grows `avoidanceGrowth` per second (5%) near the
///   rate of the last cut, so a cut is recovered in about a second, and a probe past the allowance of a server
///   whose bucket holds B requests is found within `sqrt(2B / (0.05 × allowance))` seconds (3 s for 100/s with a
///   burst of 20) with a refused share that stays near the threshold. More than 25% above that rate the server
///   has evidently raised its allowance, and the rate grows `probeGrowth` per second (25%), CUBIC's idea: slow
///   near the last known limit, fast away from it.
/// - **Only grow what is used** (RFC 7661). The rate grows only in rounds where the bucket held a request back.
///   Otherwise an unthrottled run, bound by concurrency, would carry an unbounded rate into a later throttle.
/// - **Background refusals.** Some servers refuse a steady share of requests whatever the rate (the mock's
///   random faults do). Cutting cannot lower that share, and cutting on it would walk the rate down to the
///   floor. So every cut is checked, as TCP undoes a spurious retransmit (Eifel, RFC 3522): the rounds after
///   the first (which still carries refusals of requests sent before the cut), gathered until they hold
///   `minimumCheckResponses` answers, must refuse less than half the share that caused it (`backgroundCheckRatio`:
///   the round that cuts is the unluckiest of its neighbours, so its share overstates a background). If they do not,
///   the refusals did not come from the rate: the cut is undone and
///   the share becomes the background, added to the threshold. A share above `maximumBackgroundShare`, such
///   as a ban refusing everything, is never taken for background, and a learnt share fades over
///   `backgroundMemory`, so a check misled by noise does not let the rate run hot for the rest of the run.
/// - **Latency.** A smoothed RTT (the last eight answers or so) over twice the long-term RTT (an average over
///   `latencyMemory`) and `latencyMargin` above it means queues are building in the server: cut by
///   `latencyCutFactor`. This is the gradient rule of Netflix's concurrency-limits (Gradient2 compares a short
///   and a long average, not the lowest RTT seen), with an absolute margin so that queueing inside the client
///   near a local server does not count. Against the lowest RTT ever seen, a server whose answers take anywhere
///   from 5 to 500 ms whatever the rate (or a loaded client that reads them late) looked congested in every
///   round, and the rate was cut 20% a round down to the floor: half a request a second where 60/s were served.
///   The long average follows a latency that does not come from the rate within `latencyMemory`, and still
///   lags far behind a queue that builds when the rate passes what the server can serve.
/// - **Small buckets.** A firewall's bucket may hold only a few requests (nginx's `limit_req` holds none
///   unless told to), and it refuses whatever arrives faster, even far below its rate. So the bucket here holds
///   20 ms of tokens and starts with one, not TCP's initial window of ten: with ten tokens at the start and a
///   tenth of a second of them, bursts of up to ten left at once, a firewall holding five refused some in the
///   first rounds, and the cut ended slow start far below the allowance (1,000/s allowed, 350–600 records/s
///   delivered; now 845–940). A firewall that holds a single request still refuses the jitter of any pacing.
/// - **Retry-After** is the server speaking to the whole client: no token is handed out before it.
/// - **Waiting.** Requests that find no token wait in one line, and one task hands tokens to it as they come, at
///   the rate of the moment (`AdaptiveRateLimiter+Line.swift`).
/// - **Limits.** `ceiling` (`--max-rps`, unbounded by default) and `floor`. Non-adaptive, the rate is the
///   ceiling, fixed.
package final class AdaptiveRateLimiter: Sendable {
    /// What one response says about the rate.
    package enum Signal: Sendable {
        case clean
        case refused
        case neutral
    }

    /// The rate at a moment, for the run report.
    package struct Sample: Sendable, Equatable {
        package var seconds: Double
        package var rate: Double
        package var refused: Int
    }

    /// What a cut changes, so that a spurious one can be undone.
    struct Snapshot {
        var rate: Double
        var slowStart: Bool
        var limitEstimate: Double?
    }

    /// A cut waiting for its check: the share that caused it, what it changed, the rounds still to skip, and the
    /// answers the check has gathered over its rounds so far.
    struct PendingCheck {
        var share: Double
        var before: Snapshot
        var roundsToSkip = 1
        var clean = 0
        var refused = 0
        var rounds = 0
    }

    struct State {
        var rate: Double
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
        var pausedUntil: ContinuousClock.Instant?
        var slowStart = true
        var lastCut: ContinuousClock.Instant?
        /// The server's allowance as the last refusal cut estimated it.
        var limitEstimate: Double?
        var pendingCheck: PendingCheck?
        /// Tokens handed out in the round, and the rate they were handed out at in the last one.
        var granted = 0
        var lastRoundSendRate: Double?
        /// Callers of `acquire` waiting for a token, first come first served, and whether a task serves them.
        var line = Deque<Waiter>()
        var serving = false
        var lastWaiter: UInt64 = 0
        var backgroundShare = 0.0
        var lastHeldBack: ContinuousClock.Instant?
        var smoothedRTT: Double?
        var longRTT: Double?
        var lastObserved: ContinuousClock.Instant?
        // The round being judged.
        var roundStart: ContinuousClock.Instant
        var clean = 0
        var refused = 0
        var heldBack = false
        var sends = SendSpan()
        /// Answers of the rounds before this one since the last cut, fading by `earlierRoundsWeight` per round.
        var earlierClean = 0.0
        var earlierRefused = 0.0
        var lastClean: ContinuousClock.Instant
        var totalRefused = 0
        /// When the round's most recent refused requests were sent, oldest first (at most `earlyRefusals`).
        var refusedSends: [ContinuousClock.Instant] = []
        /// Slow start's exit window: open while slow start keeps its rate, then measuring until its answers are in.
        var exitWindow: ExitWindow?
    }

    /// The requests of a round sent since the last cut: how many were answered, how many passed, and when the
    /// first and the last of them were sent.
    struct SendSpan {
        var answered = 0
        var clean = 0
        var first: ContinuousClock.Instant?
        var last: ContinuousClock.Instant?

        mutating func add(_ sentAt: ContinuousClock.Instant, clean passed: Bool) {
            answered += 1
            if passed { clean += 1 }
            first = min(first ?? sentAt, sentAt)
            last = max(last ?? sentAt, sentAt)
        }

        /// The rate the server passed them at (n sends span n - 1 intervals), if they are at least `answers` and
        /// span at least `seconds`: a few sends that left together (tokens saved up in the bucket) span next to
        /// nothing, and would measure any rate.
        func acceptedRate(answers: Int, seconds: Double) -> Double? {
            guard answered >= max(2, answers), let first, let last else { return nil }
            let span = (last - first) / .seconds(1)
            guard span > 0, span >= seconds else { return nil }
            return Double(clean) * Double(answered - 1) / Double(answered) / span
        }
    }

    /// The requests sent from `since` (a refused request's sending: the server's bucket was empty then) until
    /// `closed`, the cut that ended slow start, and the answers to them so far: the server passed the clean ones
    /// at its allowance.
    struct ExitWindow {
        var since: ContinuousClock.Instant
        /// Refusals counted when the window opened.
        var refusedBefore: Int
        var closed: ContinuousClock.Instant?
        /// The requests of the window the server passed, and when they were sent.
        var passed = SendSpan()
        var refused = 0
    }

    package let settings: Settings
    /// Internal, not private: the line of waiters (`AdaptiveRateLimiter+Line.swift`) works on it too.
    let state: Mutex<State>

    package init(settings: Settings, now: ContinuousClock.Instant = .now) {
        self.settings = settings
        let rate = settings.adaptive ? min(settings.ceiling, max(settings.floor, settings.initialRate)) : settings.ceiling
        state = Mutex(State(
            rate: rate, tokens: settings.adaptive ? settings.initialBurst : Self.capacity(rate, settings),
            refilledAt: now, roundStart: now, lastClean: now))
    }

    /// Requests per second now (infinite when unpaced).
    package var rate: Double { state.withLock { $0.rate } }

    /// The server's allowance as last measured or estimated; `nil` before the first cut (and while probing).
    var limitEstimate: Double? { state.withLock { $0.limitEstimate } }

    /// Refused responses so far.
    package var refusedCount: Int { state.withLock { $0.totalRefused } }

    /// The last clean response, or the start of the run.
    package var lastClean: ContinuousClock.Instant { state.withLock { $0.lastClean } }

    /// Whether the server is throttling: a cut not long ago, a `Retry-After` pause, or a refusing round.
    package func isBackingOff(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { s in
            if let paused = s.pausedUntil, paused > now { return true }
            if let cut = s.lastCut, now - cut < settings.backingOffMemory { return true }
            return s.refused >= settings.minimumRefusals && refusesBeyondChance(s)
        }
    }

    /// Takes a token if one is there (`nil`), else says how long until the next one; does not queue. (The
    /// simulations in the tests send this way; requests of a run wait in line, `acquire`.)
    func takeToken(now: ContinuousClock.Instant) -> Duration? {
        state.withLock { s in
            if takeFromBucket(now: now, &s) { return nil }
            s.heldBack = true
            s.lastHeldBack = now
            return untilNextToken(now: now, s)
        }
    }

    /// Refills the bucket to `now` and takes a token from it, unless a `Retry-After` pause holds every request.
    func takeFromBucket(now: ContinuousClock.Instant, _ s: inout State) -> Bool {
        if let paused = s.pausedUntil {
            if paused > now { return false }
            s.pausedUntil = nil
            s.refilledAt = now
        }
        guard s.rate.isFinite else { return true }
        let elapsed = (now - s.refilledAt) / .seconds(1)
        s.tokens = min(max(s.tokens, Self.capacity(s.rate, settings)), s.tokens + elapsed * s.rate)
        s.refilledAt = now
        guard s.tokens >= 1 else { return false }
        s.tokens -= 1
        s.granted += 1
        return true
    }

    /// How long until the bucket holds a token at the rate of the moment, or a `Retry-After` pause ends.
    func untilNextToken(now: ContinuousClock.Instant, _ s: State) -> Duration {
        if let paused = s.pausedUntil, paused > now { return paused - now }
        // Clamped before it becomes a count of nanoseconds: a fixed rate of a request a century would overflow it.
        return .nanoseconds(Int64(min(3600, max(1e-4, max(0, 1 - s.tokens) / s.rate)) * 1e9))
    }

    /// Tokens the bucket holds at `rate`: `burstSeconds` of them, between 1 and 10.
    static func capacity(_ rate: Double, _ settings: Settings) -> Double {
        rate.isFinite ? min(10, max(1, rate * settings.burstSeconds)) : 1
    }

    /// Takes what one response says: its signal, its latency and any `Retry-After` (seconds, already capped).
    package func record(_ signal: Signal, latency: Double, retryAfter: Double? = nil, now: ContinuousClock.Instant = .now) {
        state.withLock { s in
            if signal == .refused { s.totalRefused += 1 }
            if signal == .clean { s.lastClean = now }
            if let retryAfter, retryAfter > 0, signal == .refused {
                let until = now + .nanoseconds(Int64(retryAfter * 1e9))
                if s.pausedUntil.map({ until > $0 }) ?? true { s.pausedUntil = until }
            }
            guard settings.adaptive else { return }
            let sentAt = now - .nanoseconds(Int64(latency * 1e9))
            noteForExitWindow(signal, sentAt: sentAt, now: now, &s)
            // The span of sends measures the accepted rate of requests sent since the last cut only: answers to
            // earlier ones describe the rate before it.
            if signal != .neutral, s.lastCut.map({ sentAt >= $0 }) ?? true { s.sends.add(sentAt, clean: signal == .clean) }
            switch signal {
            case .clean:
                s.clean += 1
                observe(latency: latency, now: now, &s)
                // Grow only when the bucket holds requests back (some are queued now, or one was refused within
                // this response's round trip): a rate that is not being used tells nothing about the next one.
                let heldBackRecently = !s.line.isEmpty
                    || s.lastHeldBack.map { now - $0 <= .nanoseconds(Int64((latency + 0.001) * 1e9)) } ?? false
                if s.slowStart, heldBackRecently, s.refused == 0 {
                    // Never more than four times what was sent in the last round (RFC 7661's rule for windows; the
                    // first round counts as sent at `initialRate`). Counting the round in progress as well let the
                    // rate compound within a round once the line of waiters kept up with it: 3,250/s 30 ms into
                    // a run against a 0 ms firewall allowing 100/s, and 89 refusals in its first second.
                    let sending = s.lastRoundSendRate ?? settings.initialRate
                    let cap = max(s.rate, 4 * sending)
                    let grown = s.rate + min(s.rate, settings.slowStartGain / max(latency, settings.minimumRound / .seconds(1)))
                    s.rate = min(settings.ceiling, cap, grown)
                }
            case .refused:
                s.refused += 1
            case .neutral:
                break
            }
            closeRoundIfDue(now: now, &s)
        }
    }
}
