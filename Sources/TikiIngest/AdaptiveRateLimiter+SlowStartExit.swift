import Foundation

/// How slow start ends when answers lag the rate: it keeps its rate for an exit window and measures the allowance
/// from the requests sent meanwhile (see leaving slow start in the type's documentation).
extension AdaptiveRateLimiter {
    /// Whether answers come back so late that the rate they were sent at is well behind the rate now.
    func answersLag(_ s: State) -> Bool {
        (s.smoothedRTT ?? 0) >= settings.laggingRTT / .seconds(1)
    }

    /// Share of a measured allowance that a cut leaves, from the answers it was measured over.
    func cutFactor(answers: Int) -> Double {
        max(settings.cutFactor, 1 - settings.cutError / Double(max(answers, 1)).squareRoot())
    }

    /// Whether slow start, its round refusing, keeps its rate a little longer to measure the allowance.
    ///
    /// The window opens at the sending of the oldest recent refusal (the server's bucket was empty then) and
    /// closes after `exitWindow` or `exitWindowRefusals` more refusals. Every request sent inside it that the
    /// server passed, it passed at its allowance. When answers are timely there is nothing to wait for: the
    /// round's accepted rate is already current.
    func keepsRateToMeasure(now: ContinuousClock.Instant, _ s: inout State) -> Bool {
        guard answersLag(s) else { return false }
        let window = s.exitWindow ?? ExitWindow(since: s.refusedSends.first ?? now, refusedBefore: s.totalRefused)
        s.exitWindow = window
        return now - window.since < settings.exitWindow && s.totalRefused - window.refusedBefore < settings.exitWindowRefusals
    }

    /// Counts an answer into the exit measurement; once the window's answers are in, sets the allowance from it.
    func measureExit(_ signal: Signal, sentAt: ContinuousClock.Instant, now: ContinuousClock.Instant, _ s: inout State) {
        guard var measure = s.exitMeasure else { return }
        if signal == .clean, sentAt >= measure.from, sentAt < measure.to { measure.clean += 1 }
        s.exitMeasure = measure
        // Answers may overtake one another by a few milliseconds (timers on a loaded machine): the window is
        // complete when a clean answer to a request sent a quarter of a round trip after it arrives. Waiting for
        // the first one later than the window missed up to 5 of 45 answers.
        let overtaking = max(0.01, (s.smoothedRTT ?? 0) / 4)
        guard signal == .clean, sentAt >= measure.to + .nanoseconds(Int64(overtaking * 1e9)) else { return }
        s.exitMeasure = nil
        // A cut's check may have restarted slow start since: the measurement is then of no use.
        guard measure.clean >= settings.exitMinimumAnswers, !s.slowStart else { return }
        let allowance = Double(measure.clean) / max((measure.to - measure.from) / .seconds(1), 1e-3)
        s.limitEstimate = allowance
        s.rate = min(settings.ceiling, max(s.rate, cutFactor(answers: measure.clean) * allowance))
    }
}
