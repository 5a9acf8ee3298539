import Foundation

/// How slow start ends when answers lag the rate: it keeps its rate for an exit window and measures the allowance
/// from the requests sent in it (see leaving slow start in the type's documentation).
extension AdaptiveRateLimiter {
    /// Whether answers come back so late that the rate they were sent at is well behind the rate now.
    func answersLag(_ s: State) -> Bool {
        (s.smoothedRTT ?? 0) >= settings.laggingRTT / .seconds(1)
    }

    /// Share of a measured allowance that a cut leaves, from the answers it was measured over.
    func cutFactor(answers: Int) -> Double {
        max(settings.cutFactor, 1 - settings.cutError / Double(max(answers, 1)).squareRoot())
    }

    /// Whether slow start keeps its rate a little longer to measure the allowance (its round refusing, or the
    /// window already open).
    ///
    /// The window opens at the sending of the round's oldest recent refusal (the server's bucket was empty then),
    /// but no earlier than half a round trip before now: answers to requests sent before that may be in already,
    /// and counting starts now. It stays open for `exitWindowLength` or `exitWindowRefusals` more refusals. When
    /// refusals take the round trip themselves, the window's requests were all sent a round trip ago and it
    /// closes at once. Not during a `Retry-After` pause: nothing is sent, so nothing is measured.
    func keepsRateToMeasure(now: ContinuousClock.Instant, _ s: inout State) -> Bool {
        guard answersLag(s), s.pausedUntil.map({ $0 <= now }) ?? true else { return false }
        let window = s.exitWindow ?? {
            let earliest = now - .nanoseconds(Int64((s.smoothedRTT ?? 0) / 2 * 1e9))
            return ExitWindow(since: max(s.refusedSends.first ?? now, earliest), refusedBefore: s.totalRefused)
        }()
        s.exitWindow = window
        return now - window.since < settings.exitWindowLength
            && s.totalRefused - window.refusedBefore < settings.exitWindowRefusals
    }

    /// Takes one answer into the exit window's counts and the round's refusals; once the window's answers are in,
    /// sets the rate from the allowance they measure.
    func noteForExitWindow(_ signal: Signal, sentAt: ContinuousClock.Instant, now: ContinuousClock.Instant, _ s: inout State) {
        // Only slow start opens a window; the list is the round's, and a round that restarts slow start starts empty.
        if signal == .refused, s.slowStart {
            s.refusedSends.append(sentAt)
            if s.refusedSends.count > settings.earlyRefusals { s.refusedSends.removeFirst() }
        }
        guard var window = s.exitWindow else { return }
        // Its answers come within a round trip or so; a pause or an outage since makes the count stale.
        if let closed = window.closed, now - closed > max(settings.maximumRound, .nanoseconds(Int64(4 * (s.smoothedRTT ?? 0) * 1e9))) {
            s.exitWindow = nil
            return
        }
        if sentAt >= window.since, sentAt < window.closed ?? now {
            if signal == .clean { window.passed.add(sentAt, clean: true) }
            if signal == .refused { window.refused += 1 }
        }
        s.exitWindow = window
        guard signal == .clean else { return }
        // Answers may overtake one another by a few milliseconds (timers on a loaded machine): the window is
        // complete when a clean answer to a request sent a quarter of a round trip after it arrives. Waiting for
        // the first one later than the window missed up to 5 of 45 answers.
        let overtaking = max(0.01, (s.smoothedRTT ?? 0) / 4)
        guard let closed = window.closed, sentAt >= closed + .nanoseconds(Int64(overtaking * 1e9)) else { return }
        s.exitWindow = nil
        // As many answers as a round needs; fewer (a window cut short by refusals) tell too little. And a share
        // refused: a window the server passed almost whole measured the client's own rate (slow start ended on
        // refusals by chance, or a small bucket's refusals of jitter), and an estimate from it would hold the
        // growth after slow start to 5%/s below the allowance.
        let clean = window.passed.clean
        guard window.refused >= settings.minimumRefusals, Double(window.refused) >= 0.1 * Double(clean + window.refused),
            // The server passed one request per token from the first to the last, so their span measures it.
            // Counted over the whole window instead, its edges (up to a token's interval each, wherever they fall
            // between the passes) gave 968.8–1,006.4/s for a 1,000/s allowance in four runs; the span gave
            // 979.8–1,022.2/s in eight.
            let allowance = window.passed.acceptedRate(answers: settings.minimumRoundResponses, seconds: 0)
        else { return }
        s.limitEstimate = allowance
        s.rate = min(settings.ceiling, max(s.rate, cutFactor(answers: clean) * allowance))
    }
}
