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
/// - **Slow start.** The rate starts at `initialRate` with `initialBurst` tokens (TCP's initial window of 10)
///   and every clean response adds `min(rate, slowStartGain / max(latency, minimumRound))`: with a gain of 3,
///   the rate grows fourfold per round trip, clocked by the responses as TCP's window is by ACKs (TCP doubles; a rate has no
///   queue to fill, and an overshoot costs only the requests of one round trip: against a 100/s firewall at
///   most ~3 × 100 × RTT refusals, against a run of thousands). A local server answering in 2 ms is at
///   10,000/s after a few dozen responses; a 100 ms server is at 1,000/s after three round trips.
///   Below `minimumRound` the growth is per round, not per round trip: a rate that grew fourfold per 1 ms
///   answer outran the 20 ms rounds that judge it and reached five times a 1,000/s allowance before the
///   first cut (300 refusals in the first quarter second).
/// - **Rounds.** Responses are judged in rounds of at least `max(2 × smoothed RTT, minimumRound)` and
///   `minimumRoundResponses` responses: the refusals of requests sent before a cut arrive up to a round trip after
///   it, and must not cut again. A round whose refused share passes `refusedShareThreshold` (plus the background
///   share, below) by more than chance (`significance`) cuts the rate to `cutFactor × min(rate, accepted rate of
///   the round)`; so does a round whose refusals, pooled with the fading counts of the rounds before it since the
///   last cut, are beyond chance (a short round cannot see a small excess). Refusals arriving within a round
///   (at least `minimumRound`) of a cut belong to requests sent before it and do not cut again.
///   Cutting to the *accepted* rate rather than halving is the point: a token bucket over its limit
///   passes exactly its rate, so one cut lands just under the allowance. TCP's halving gives a 0.5–1 sawtooth, 75%
///   of the link; a 0.95–1 sawtooth delivers about 97%, and the probe above the allowance delivers all of it.
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
/// - **Retry-After** is the server speaking to the whole client: no token is handed out before it.
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
        /// Places in line handed to callers of `acquire` that had to wait, and places served (or given up). A
        /// waiter keeps its place while it sleeps, so the line is `issuedTickets - servedTickets` long.
        var issuedTickets = 0
        var servedTickets = 0
        var waiters: Int { issuedTickets - servedTickets }
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
        /// Answers of the rounds before this one since the last cut, fading by `earlierRoundsWeight` per round.
        var earlierClean = 0.0
        var earlierRefused = 0.0
        var lastClean: ContinuousClock.Instant
        var totalRefused = 0
    }

    package let settings: Settings
    private let state: Mutex<State>

    package init(settings: Settings, now: ContinuousClock.Instant = .now) {
        self.settings = settings
        let rate = settings.adaptive ? min(settings.ceiling, max(settings.floor, settings.initialRate)) : settings.ceiling
        state = Mutex(State(
            rate: rate, tokens: settings.adaptive ? settings.initialBurst : Self.capacity(rate, settings),
            refilledAt: now, roundStart: now, lastClean: now))
    }

    /// Requests per second now (infinite when unpaced).
    package var rate: Double { state.withLock { $0.rate } }

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

    /// Waits until a request may start.
    ///
    /// Callers that find no token take a numbered place in line and sleep until a token should be there for it
    /// (places ahead of it / rate), then look again keeping their place, so one token wakes about one waiter.
    /// Sleeping until the next token alone woke every waiter for each token (with 128 of them a millisecond of CPU
    /// per request); going to the back of the line on each look, as this once did, left waiters asleep while
    /// tokens overflowed the bucket, and `--max-rps 1000` sent under 600/s.
    package func acquire() async throws {
        var queue = Queueing.join
        while true {
            guard let (wait, place) = takeToken(now: .now, queue: queue) else { return }
            queue = place
            // A place in line was priced at the rate of the moment; the rate may rise meanwhile, so look again
            // at least every `longestSleep`.
            do { try await Task.sleep(for: min(wait, Self.longestSleep)) } catch {
                state.withLock { $0.servedTickets += 1 }
                throw error
            }
        }
    }

    /// The longest a waiter sleeps before it asks again.
    static let longestSleep = Duration.milliseconds(100)

    /// How a caller of `takeToken` stands in the line of waiters.
    enum Queueing: Equatable {
        /// Polls: takes a token if there is one, and does not queue.
        case poll
        /// Takes a token only if nobody is waiting; otherwise takes the next place in line.
        case join
        /// Back from waiting in the given place: takes a token if there is one, else keeps its place.
        case rejoin(ticket: Int)
    }

    /// Takes a token if one is there (`nil`), else says how long to wait and how to stand when asking again.
    func takeToken(now: ContinuousClock.Instant, queue: Queueing = .poll) -> (wait: Duration, then: Queueing)? {
        state.withLock { s in
            // Where the caller stands: a place in line (issued now if it must wait) or none when polling.
            func place() -> (Queueing, ahead: Double) {
                switch queue {
                case .poll:
                    return (.poll, 0)
                case .rejoin(let ticket):
                    return (queue, Double(max(0, ticket - s.servedTickets)))
                case .join:
                    let ticket = s.issuedTickets
                    s.issuedTickets += 1
                    return (.rejoin(ticket: ticket), Double(ticket - s.servedTickets))
                }
            }
            if let paused = s.pausedUntil {
                if paused > now {
                    let (then, ahead) = place()
                    let behind = s.rate.isFinite ? ahead / s.rate : 0
                    return (paused - now + .nanoseconds(Int64(behind * 1e9)), then)
                }
                s.pausedUntil = nil
                s.refilledAt = now
            }
            guard s.rate.isFinite else {
                if case .rejoin = queue { s.servedTickets += 1 }
                return nil
            }
            let elapsed = (now - s.refilledAt) / .seconds(1)
            s.tokens = min(max(s.tokens, Self.capacity(s.rate, settings)), s.tokens + elapsed * s.rate)
            s.refilledAt = now
            // A waiter back from its sleep goes before new arrivals: they queue behind it.
            let mayTake: Bool
            switch queue {
            case .poll, .rejoin: mayTake = true
            case .join: mayTake = s.waiters == 0
            }
            if s.tokens >= 1, mayTake {
                s.tokens -= 1
                s.granted += 1
                if case .rejoin = queue { s.servedTickets += 1 }
                return nil
            }
            s.heldBack = true
            s.lastHeldBack = now
            let (then, ahead) = place()
            return (.nanoseconds(Int64(max(1e-4, (max(0, 1 - s.tokens) + ahead) / s.rate) * 1e9)), then)
        }
    }

    /// Tokens the bucket holds at `rate`: `burstSeconds` of them, between 1 and 10.
    private static func capacity(_ rate: Double, _ settings: Settings) -> Double {
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
            switch signal {
            case .clean:
                s.clean += 1
                observe(latency: latency, now: now, &s)
                // Grow only when the bucket holds requests back (some are queued now, or one was refused within
                // this response's round trip): a rate that is not being used tells nothing about the next one.
                let heldBackRecently = s.waiters > 0
                    || s.lastHeldBack.map { now - $0 <= .nanoseconds(Int64((latency + 0.001) * 1e9)) } ?? false
                if s.slowStart, heldBackRecently, s.refused == 0 {
                    // Never more than four times what was used in the last round (RFC 7661's rule for windows).
                    let sending = max(s.lastRoundSendRate ?? 0, Double(s.granted) / max((now - s.roundStart) / .seconds(1), 0.01))
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

    private func observe(latency: Double, now: ContinuousClock.Instant, _ s: inout State) {
        s.smoothedRTT = s.smoothedRTT.map { $0 + (latency - $0) / 8 } ?? latency
        // An average in time, not in answers: what counts as long-term must not shrink as the rate grows.
        let since = s.lastObserved.map { (now - $0) / .seconds(1) } ?? 0
        let weight = 1 - exp(-max(since, 0) / (settings.latencyMemory / .seconds(1)))
        s.longRTT = s.longRTT.map { $0 + (latency - $0) * weight } ?? latency
        s.lastObserved = now
    }

    private func refusedShare(_ s: State) -> Double {
        let answered = s.clean + s.refused
        return answered > 0 ? Double(s.refused) / Double(answered) : 0
    }

    private func threshold(_ s: State) -> Double { settings.refusedShareThreshold + s.backgroundShare }

    /// Whether a round's refusals exceed the threshold share by more than chance: by `significance` standard
    /// deviations of a binomial count. A bare share compare cut on noise at high rates: a round of 68 answers
    /// (20 ms at 3,400/s) against the real API's 1.5% background refusals holds 3 or more, 4.4% > 3%, one round
    /// in 12, four cuts a second, and the 5% growth between them could not keep up: the rate walked down to a
    /// third of what an unthrottled run needs. A firewall's refusals are a share many deviations high.
    private func refusesBeyondChance(_ s: State) -> Bool {
        refusesBeyondChance(refused: Double(s.refused), answered: Double(s.clean + s.refused), s)
    }

    private func refusesBeyondChance(refused: Double, answered: Double, _ s: State) -> Bool {
        let p = min(threshold(s), 1)
        return refused > p * answered + settings.significance * (p * (1 - p) * answered).squareRoot()
    }

    /// Whether this round and the ones before it since the last cut, pooled, refuse beyond chance.
    ///
    /// One round cannot see a small excess: at 0 ms a round is 20 ms, about 20 answers at 1,000/s, and there 1
    /// refusal (5%) is never significant. The rate then crept 5%/s above the allowance with ~5% of requests
    /// refused and no cut for a second at a time (up to 7% of a 5,000-ID run). Pooled over the last four rounds,
    /// 7 refusals in 107 answers cut at 1,070/s where one round waited for 1,100 and more.
    private func poolRefusesBeyondChance(_ s: State) -> Bool {
        let refused = Double(s.refused) + s.earlierRefused
        let answered = Double(s.clean + s.refused) + s.earlierClean + s.earlierRefused
        return refused >= Double(settings.minimumRefusals) && refusesBeyondChance(refused: refused, answered: answered, s)
    }

    private func closeRoundIfDue(now: ContinuousClock.Instant, _ s: inout State) {
        let elapsed = now - s.roundStart
        let roundTime = max(settings.minimumRound, .nanoseconds(Int64(2 * (s.smoothedRTT ?? 0) * 1e9)))
        let answered = s.clean + s.refused
        let due = elapsed >= roundTime && (answered >= settings.minimumRoundResponses || elapsed >= settings.maximumRound)
        // A round at a low rate may hold fewer answers than the refusals it takes to be sure: all refused is enough.
        let refusing = s.refused >= min(settings.minimumRefusals, due ? max(1, answered) : .max) && refusesBeyondChance(s)
            || due && s.refused > 0 && poolRefusesBeyondChance(s)
        // A round ends at once when its share is too high to be background (the rate may have doubled several
        // times since it began, and every millisecond costs refusals). This is judged after every response, so
        // it takes a larger count than the end of a round does: 3 refusals among the first 7 answers happen by
        // chance at a 10% background, 8 among 16 practically never.
        let refusingHard = s.refused >= settings.earlyRefusals
            && refusedShare(s) > max(settings.maximumBackgroundShare, 2 * threshold(s))
        guard due || refusingHard else { return }
        let seconds = max(elapsed / .seconds(1), 1e-3)
        let share = refusedShare(s)
        // A background share is forgotten over `backgroundMemory`: learnt wrongly (a real limit whose check round
        // was disturbed), it would let the rate run hot for the rest of the run; learnt rightly, it is learnt again.
        s.backgroundShare *= exp(-seconds / (settings.backgroundMemory / .seconds(1)))
        if var check = s.pendingCheck {
            if check.roundsToSkip > 0 {
                check.roundsToSkip -= 1
                s.pendingCheck = check
            } else {
                // At a low rate one round holds a handful of answers, too few to tell a background share from a
                // limit; judged on them alone the check always failed, so a steady 12% of refusals kept a rate of
                // 5-20/s cut for a minute where 600/s was allowed. The check gathers rounds until it has enough.
                check.clean += s.clean
                check.refused += s.refused
                check.rounds += 1
                let checked = check.clean + check.refused
                let enough = checked >= settings.minimumCheckResponses
                s.pendingCheck = enough || check.rounds >= settings.maximumCheckRounds ? nil : check
                let checkShare = checked > 0 ? Double(check.refused) / Double(checked) : 0
                if enough, checkShare >= settings.backgroundCheckRatio * check.share, checkShare <= settings.maximumBackgroundShare {
                    // The earlier cuts that this share explains were as spurious as this one: probe afresh.
                    s.backgroundShare = checkShare
                    s.rate = max(s.rate, check.before.rate)
                    s.slowStart = true
                    s.limitEstimate = nil
                    s.lastCut = nil
                    startRound(now: now, seconds: seconds, &s)
                    return
                }
            }
        }
        // Refusals of requests sent before a cut arrive up to a round trip after it.
        let lingering = max(settings.minimumRound, .nanoseconds(Int64(2 * (s.smoothedRTT ?? 0) * 1e9)))
        let recentlyCut = s.lastCut.map { now - $0 < lingering } ?? false
        // While a cut waits for its check, only a share that cannot be background cuts again.
        if refusing && !recentlyCut && (s.pendingCheck == nil || share > settings.maximumBackgroundShare) {
            // The accepted rate lags the sending rate by a round trip: in slow start the sending rate was far
            // lower then, and a short round may count a burst the server let through, or no answer at all. So
            // never cut below half (TCP's cut), and let the next rounds find the rest: a server that refuses
            // everything is halved round after round down to the floor.
            let accepted = Double(s.clean) / seconds
            let before = Snapshot(rate: s.rate, slowStart: s.slowStart, limitEstimate: s.limitEstimate)
            let limit = min(s.rate, max(accepted, s.rate / 2, settings.floor))
            // Leaving slow start, the accepted rate is only a lower bound of the allowance (it lags the ramp), so
            // the next probe is the fast one; a cut in congestion avoidance measures the allowance itself.
            s.limitEstimate = s.slowStart ? nil : limit
            cut(to: settings.cutFactor * limit, now: now, &s)
            s.pendingCheck = PendingCheck(share: share, before: before)
        } else if let srtt = s.smoothedRTT, let long = s.longRTT, srtt > 2 * long, srtt > long + settings.latencyMargin,
            !recentlyCut
        {
            // Not to the rate the round was served at, as a refusal cuts: while the long average still settles
            // (its first seconds), latency noise cut a concurrency-bound rate to what it served, which it then
            // served less of, round after round (22 of 64/s possible over the first ten seconds, simulated).
            cut(to: settings.latencyCutFactor * s.rate, now: now, &s)
            // The queue that raised the latency drains at the lower rate; measure afresh from here.
            s.smoothedRTT = nil
        } else if !s.slowStart, s.heldBack, !refusing {
            let nearLimit = s.limitEstimate.map { s.rate <= 1.25 * $0 } ?? false
            let growth = nearLimit ? settings.avoidanceGrowth : settings.probeGrowth
            s.rate = min(settings.ceiling, s.rate * (1 + growth * min(seconds, 1)))
        }
        startRound(now: now, seconds: seconds, &s)
    }

    private func startRound(now: ContinuousClock.Instant, seconds: Double, _ s: inout State) {
        s.lastRoundSendRate = Double(s.granted) / seconds
        // Not the rounds of a cut and its check: they hold refusals of requests sent before the cut.
        if s.pendingCheck == nil {
            s.earlierClean = settings.earlierRoundsWeight * (s.earlierClean + Double(s.clean))
            s.earlierRefused = settings.earlierRoundsWeight * (s.earlierRefused + Double(s.refused))
        }
        s.granted = 0
        s.roundStart = now
        s.clean = 0
        s.refused = 0
        s.heldBack = false
    }

    private func cut(to rate: Double, now: ContinuousClock.Instant, _ s: inout State) {
        s.earlierClean = 0
        s.earlierRefused = 0
        s.rate = min(settings.ceiling, max(settings.floor, rate))
        s.tokens = min(s.tokens, Self.capacity(s.rate, settings))
        s.slowStart = false
        s.lastCut = now
    }
}
