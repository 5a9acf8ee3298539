extension AdaptiveRateLimiter {
    /// The constants of the control law (see the type's documentation for why each is what it is).
    package struct Settings: Sendable {
        /// Adapt the rate; when false the bucket runs at `ceiling` (unpaced if that is infinite).
        package var adaptive = true
        /// Requests per second at the start, one every 2.5 ms: over a 100 ms round trip, the 40 requests that a
        /// crawler with 40 in flight sends at once, paced (see small buckets in the type's documentation). Nothing
        /// is known for a whole round trip, so what it sends is set here: at 100/s (TCP's initial window of ten
        /// per 100 ms) the first round trip sent 10 requests where a 1,000/s allowance took 100, 1.8% of a
        /// 5,000-ID run, where reaching 95% of the allowance leaves 5% for every loss. Against a firewall allowing
        /// 100/s with a bucket of 20, the first round trip costs about ten refusals.
        package var initialRate = 400.0
        /// Slow start adds this many requests' worth per round trip for each clean response.
        package var slowStartGain = 3.0
        /// Tokens in the bucket at the start: one, so that requests are paced from the first (see the type's
        /// documentation on small buckets).
        package var initialBurst = 1.0
        /// Highest rate (`--max-rps`); infinite when not set.
        package var ceiling = Double.infinity
        /// Lowest rate: one request every two seconds keeps probing a server that refuses everything.
        package var floor = 0.5
        /// Seconds of tokens the bucket holds, so that a waiter that wakes a little late does not lose its token;
        /// at most 10 tokens. 20 ms: a tenth of a second let up to 10 requests leave at once, which a firewall
        /// with a small bucket refuses.
        package var burstSeconds = 0.02
        /// What a refusal cuts to, as a share of the limit it judged (the round's accepted rate, at least
        /// `deepestCut` or `deepestCurrentCut` of the rate): the least the margin for a measured allowance leaves
        /// (`cutError`), and all of a cut whose limit was not measured (slow start's end, a floor of the rate, a
        /// cut on the heels of another).
        package var cutFactor = 0.95
        /// How far below the measured allowance a cut lands for the answers it was measured over: the cut is to
        /// `max(cutFactor, 1 - cutError / sqrt(answers))` of it, a margin that shrinks as a count's relative error
        /// does. 0.224 is 0.05 × √20: `cutFactor` at a round's minimum of 20 answers; a round of 200 (100 ms round
        /// trips at 1,000/s) cuts to 0.984, and the rate then spends a third of a second below the allowance, not
        /// a second.
        /// (A firewall over its limit passes its rate to within a request or two, so the margin is mostly for
        /// the round's edges: answers that overtake one another, a bucket not quite empty when it began.)
        package var cutError = 0.224
        /// The least share of the rate a refusal cut leaves: half, TCP's cut, when the round's accepted rate may
        /// lag the rate (see the cut in `closeRoundIfDue`).
        package var deepestCut = 0.5
        /// The least share a cut leaves when answers come within `laggingRTT` and the round's accepted rate is
        /// current: a quarter. Slow start against a 0 ms firewall allowing 100/s overshoots to 15–30 times it
        /// within two rounds of 20 ms, and halving took five more rounds to come down, each refusing most of what
        /// it sent (74 refusals in the first simulated second; with a quarter and the cap on slow start's growth,
        /// 37). The first cut of a run comes before any clean answer when the firewall is far below the start
        /// rate, and there nothing is known about the answers: it halves.
        package var deepestCurrentCut = 0.25
        package var latencyCutFactor = 0.8
        /// Growth per second in congestion avoidance near the last cut, as a fraction of the rate.
        package var avoidanceGrowth = 0.05
        /// Growth per second in congestion avoidance well above the last cut.
        package var probeGrowth = 0.25
        package var refusedShareThreshold = 0.03
        /// Standard deviations above the threshold share a round's refusals must be to count (see
        /// `refusesBeyondChance`): 2 keeps a chance cut under one round in 40 at the threshold, and at the 20
        /// answers of a slow round asks for the same 3 refusals as `minimumRefusals`.
        package var significance = 2.0
        /// Refusals in a round below which a share is noise (2 of 20 is 10% by chance at a 1.5% background).
        package var minimumRefusals = 3
        package var maximumBackgroundShare = 0.3
        /// How long a learnt background share lasts (its e-folding time).
        package var backgroundMemory = Duration.seconds(10)
        /// Refusals that end a round early, when they are over `maximumBackgroundShare` of its answers.
        package var earlyRefusals = 8
        package var minimumRound = Duration.milliseconds(20)
        package var maximumRound = Duration.seconds(1)
        package var minimumRoundResponses = 20
        /// Answers a cut's check gathers. With 20 and 60% of the share that cut, a 12% background failed one check
        /// in three (a round that cuts holds 15% or more) and every failed check left a cut in place; with 30 and
        /// half the share, about one in nine. A cut at a real limit leaves a few percent of refusals at most.
        package var minimumCheckResponses = 30
        /// The check takes refusals as background when they are at least this share of the ones that cut.
        package var backgroundCheckRatio = 0.5
        /// Rounds a cut's check may gather answers over (at most `maximumRound` each) before it gives up: 12
        /// gather `minimumCheckResponses` down to 2.5 answers a second.
        package var maximumCheckRounds = 12
        /// How much each earlier round still counts when refusals are pooled over rounds (see
        /// `poolRefusesBeyondChance`): 0.75 pools about the last four.
        package var earlierRoundsWeight = 0.75
        /// A round trip from which answers lag the rate, and slow start measures the allowance as it ends (see
        /// leaving slow start in the type's documentation). Twice `minimumRound`, and 40% of a 100 ms round trip:
        /// when answers take that long, the rate grows fourfold while they come back, and the accepted rate they
        /// show describes a ramp far behind; a 0 ms firewall's rounds (20 ms, answers within a millisecond) are
        /// current, and a window there only added refusals to slow start's overshoot.
        package var laggingRTT = Duration.milliseconds(40)
        /// How long slow start keeps its rate once refusals begin, so that the requests sent meanwhile measure the
        /// allowance: 40 ms is about 40 answers at 1,000/s, and a cut then leaves 3.5% (`cutError`); 20 ms gave
        /// estimates 912–1,040/s of a 1,000/s allowance over six runs, 40 ms 977–1,012/s.
        package var exitWindowLength = Duration.milliseconds(40)
        /// The most refusals that keeping the rate may cost. Slow start overshoots a 1,000/s allowance at 100 ms by
        /// 1.2–1.7×, and the window costs 10–30 refusals; a firewall far below the rate (100/s) would refuse over
        /// 50 in it for the same 40 answers' worth of time. Past 16, slow start ends at once.
        package var exitWindowRefusals = 16
        package var latencyMargin = 0.1
        /// The time constant of the long-term RTT that the smoothed one is compared with: long enough that a
        /// queue building over several seconds still stands out, short enough that a server slower for reasons
        /// of its own is followed within a few rounds of cuts.
        package var latencyMemory = Duration.seconds(10)
        /// How long after a cut the run still counts as backing off (throttled IDs keep their retries).
        package var backingOffMemory = Duration.seconds(10)

        package init() {}

        /// A fixed rate: `rate` requests per second, or no pacing when it is not positive.
        package static func fixed(_ rate: Double) -> Settings {
            var s = Settings()
            s.adaptive = false
            s.ceiling = rate > 0 ? rate : .infinity
            return s
        }
    }
}
