import Foundation

/// How the limiter judges the answers it is told of: latency averages, rounds, cuts and the check of each cut. The
/// control law these implement is the type's documentation.
extension AdaptiveRateLimiter {
    func observe(latency: Double, now: ContinuousClock.Instant, _ s: inout State) {
        s.smoothedRTT = s.smoothedRTT.map { $0 + (latency - $0) / 8 } ?? latency
        // An average in time, not in answers: what counts as long-term must not shrink as the rate grows.
        let since = s.lastObserved.map { (now - $0) / .seconds(1) } ?? 0
        let weight = 1 - exp(-max(since, 0) / (settings.latencyMemory / .seconds(1)))
        s.longRTT = s.longRTT.map { $0 + (latency - $0) * weight } ?? latency
        s.lastObserved = now
    }

    func refusedShare(_ s: State) -> Double {
        let answered = s.clean + s.refused
        return answered > 0 ? Double(s.refused) / Double(answered) : 0
    }

    func threshold(_ s: State) -> Double { settings.refusedShareThreshold + s.backgroundShare }

    /// Whether a round's refusals exceed the threshold share by more than chance: by `significance` standard
    /// deviations of a binomial count. A bare share compare cut on noise at high rates: a round of 68 answers
    /// (20 ms at 3,400/s) against the real API's 1.5% background refusals holds 3 or more, 4.4% > 3%, one round
    /// in 12, four cuts a second, and the 5% growth between them could not keep up: the rate walked down to a
    /// third of what an unthrottled run needs. A firewall's refusals are a share many deviations high.
    func refusesBeyondChance(_ s: State) -> Bool {
        refusesBeyondChance(refused: Double(s.refused), answered: Double(s.clean + s.refused), s)
    }

    func refusesBeyondChance(refused: Double, answered: Double, _ s: State) -> Bool {
        let p = min(threshold(s), 1)
        return refused > p * answered + settings.significance * (p * (1 - p) * answered).squareRoot()
    }

    /// Whether this round and the ones before it since the last cut, pooled, refuse beyond chance.
    ///
    /// One round cannot see a small excess: at 0 ms a round is 20 ms, about 20 answers at 1,000/s, and there 1
    /// refusal (5%) is never significant. The rate then crept 5%/s above the allowance with ~5% of requests
    /// refused and no cut for a second at a time (up to 7% of a 5,000-ID run). Pooled over the last four rounds,
    /// 7 refusals in 107 answers cut at 1,070/s where one round waited for 1,100 and more.
    func poolRefusesBeyondChance(_ s: State) -> Bool {
        let refused = Double(s.refused) + s.earlierRefused
        let answered = Double(s.clean + s.refused) + s.earlierClean + s.earlierRefused
        return refused >= Double(settings.minimumRefusals) && refusesBeyondChance(refused: refused, answered: answered, s)
    }

    /// The rate at which the server passed the round's requests, and the clean answers that measured it: the
    /// round's clean answers over the round, or those to requests sent since the last cut over the time they
    /// were sent in, whichever is higher.
    ///
    /// Answers do not come back as evenly as requests leave, and after a cut some are to requests sent before it.
    /// In the round after slow start ended against a 0 ms firewall allowing 1,000/s, on a busy client, answers
    /// a few milliseconds late at the round's end and the early ones to requests sent before the cut made the
    /// round's count 796/s; the sends since the cut measure 920/s. When latencies vary widely, though, a round's
    /// answers come from sends spread wider than the round (answers of 5 to 505 ms), and the round is the better
    /// measure. Both err low when the server is refusing; the span is used only over as many answers as a round
    /// needs and half the round's time, where sends that left together cannot make it err high.
    func acceptedRate(_ s: State, seconds: Double) -> (rate: Double, answers: Int) {
        let overRound = Double(s.clean) / seconds
        guard let overSends = s.sends.acceptedRate(answers: settings.minimumRoundResponses, seconds: seconds / 2),
            overSends > overRound
        else { return (overRound, s.clean) }
        return (overSends, s.sends.clean)
    }

    func closeRoundIfDue(now: ContinuousClock.Instant, _ s: inout State) {
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
        let holding = s.exitWindow.map { $0.closed == nil } ?? false
        guard due || refusingHard || holding else { return }
        if s.slowStart, refusing || holding, keepsRateToMeasure(now: now, &s) { return }
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
                    s.exitWindow = nil
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
            // everything is halved round after round down to the floor. When answers come back within
            // `laggingRTT` the round's are current, and a cut may go deeper (see `deepestCurrentCut`): there a
            // server refusing everything is quartered.
            let (accepted, measuredOver) = acceptedRate(s, seconds: seconds)
            let before = Snapshot(rate: s.rate, slowStart: s.slowStart, limitEstimate: s.limitEstimate)
            let current = s.smoothedRTT != nil && !answersLag(s)
            let deepest = current ? settings.deepestCurrentCut : settings.deepestCut
            let limit = min(s.rate, max(accepted, deepest * s.rate, settings.floor))
            // Leaving slow start, the accepted rate is only a lower bound of the allowance (it lags the ramp), so
            // the next probe is the fast one, unless the exit window measures it; a cut in congestion avoidance
            // measures the allowance itself. So does not a cut within three rounds of another, which leaves the
            // estimate as it was: the answers to requests sent before the first still come in, and on a busy client
            // the short round counted as little as three quarters of the allowance (756/s of 1,000, 0 ms, 40 ms
            // after slow start ended). Taken for the allowance, growth near it at 5%/s took five seconds to climb
            // back.
            let onTheHeels = s.lastCut.map { now - $0 < lingering * 3 } ?? false
            let measured = !s.slowStart && !onTheHeels
            let window = s.slowStart ? s.exitWindow : nil
            // The margin shrinks with the answers only when the limit is what they measured.
            let factor = measured && limit == accepted ? cutFactor(answers: measuredOver) : settings.cutFactor
            if measured {
                s.limitEstimate = limit
            } else if s.slowStart {
                s.limitEstimate = nil
            }
            cut(to: factor * limit, now: now, &s)
            if var window {
                window.closed = now
                s.exitWindow = window
            }
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

    func startRound(now: ContinuousClock.Instant, seconds: Double, _ s: inout State) {
        s.lastRoundSendRate = Double(s.granted) / seconds
        // Not the rounds of a cut and its check: they hold refusals of requests sent before the cut.
        if s.pendingCheck == nil {
            s.earlierClean = settings.earlierRoundsWeight * (s.earlierClean + Double(s.clean))
            s.earlierRefused = settings.earlierRoundsWeight * (s.earlierRefused + Double(s.refused))
        }
        s.granted = 0
        s.refusedSends.removeAll(keepingCapacity: true)
        // A window still open (slow start kept its rate, and then the round stopped refusing) measured nothing.
        if s.exitWindow?.closed == nil { s.exitWindow = nil }
        s.roundStart = now
        s.sends = SendSpan()
        s.clean = 0
        s.refused = 0
        s.heldBack = false
    }

    func cut(to rate: Double, now: ContinuousClock.Instant, _ s: inout State) {
        s.exitWindow = nil
        s.earlierClean = 0
        s.earlierRefused = 0
        s.rate = min(settings.ceiling, max(settings.floor, rate))
        s.tokens = min(s.tokens, Self.capacity(s.rate, settings))
        s.slowStart = false
        s.lastCut = now
    }
}
