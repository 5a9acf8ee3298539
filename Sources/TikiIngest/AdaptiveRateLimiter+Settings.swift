extension AdaptiveRateLimiter {
    /// The constants of the control law (see the type's documentation for why each is what it is).
    package struct Settings: Sendable {
        /// Adapt the rate; when false the bucket runs at `ceiling` (unpaced if that is infinite).
        package var adaptive = true
        /// Requests per second at the start, one every 10 ms: over a 100 ms round trip, the ten requests of TCP's
        /// initial window, paced instead of sent at once (see small buckets in the type's documentation). It was
        /// 50/s (what public crawlers of the API sustained) with ten tokens at once; paced, 50/s cost three points
        /// of a 5,000-ID run at 1,000/s and 100 ms.
        package var initialRate = 100.0
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
        package var cutFactor = 0.95
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
