import Synchronization

/// How the mock's firewall answers a request over its allowance.
package enum ThrottleResponse: String, Sendable, CaseIterable {
    /// 429, with `Retry-After` when one is configured.
    case tooManyRequests = "429"
    /// HTTP 200 `text/html` captcha page, as the real API's firewall serves.
    case captcha
    /// Alternately one and the other.
    case mixed
}

/// A web-application firewall in front of the mock: a token bucket over all requests, refusing at once what
/// is over it, and banning a client that stays over the limit too long.
package final class MockThrottle: Sendable {
    /// The firewall's settings; `allowedPerSecond` of 0 turns it off.
    package struct Settings: Sendable, Hashable {
        package var allowedPerSecond = 0.0
        /// Requests the bucket holds: what may pass at once after a quiet spell.
        package var burst = 20
        package var response = ThrottleResponse.tooManyRequests
        /// `Retry-After` seconds on refusals; `nil` sends none (what most firewalls do).
        package var retryAfterSeconds: Int?
        /// Seconds of continuous refusals (no gap over a second) after which every request is refused; 0: never.
        package var banAfter = 0.0
        /// Seconds a ban lasts.
        package var banDuration = 60.0

        package init(
            allowedPerSecond: Double = 0, burst: Int = 20, response: ThrottleResponse = .tooManyRequests,
            retryAfterSeconds: Int? = nil, banAfter: Double = 0, banDuration: Double = 60
        ) {
            (self.allowedPerSecond, self.burst, self.response) = (allowedPerSecond, burst, response)
            (self.retryAfterSeconds, self.banAfter, self.banDuration) = (retryAfterSeconds, banAfter, banDuration)
        }

        package var isEnabled: Bool { allowedPerSecond > 0 }

        /// Rates and durations must not be negative, the burst at least 1.
        package func validate() throws(MockConfigurationError) {
            guard allowedPerSecond >= 0, allowedPerSecond.isFinite else {
                throw MockConfigurationError(message: "the allowed rate must be 0 (off) or more, got \(allowedPerSecond)")
            }
            guard burst >= 1 else { throw MockConfigurationError(message: "the burst must be at least 1, got \(burst)") }
            guard banAfter >= 0, banDuration >= 0 else {
                throw MockConfigurationError(message: "ban durations must not be negative")
            }
            if let retryAfterSeconds, retryAfterSeconds < 0 {
                throw MockConfigurationError(message: "Retry-After must not be negative, got \(retryAfterSeconds)")
            }
        }
    }

    /// What the firewall does with a request.
    package enum Verdict: Sendable, Hashable {
        case pass
        case refuse(ThrottleResponse)
    }

    private struct State {
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
        var overSince: ContinuousClock.Instant?
        var lastRefusal: ContinuousClock.Instant?
        var bannedUntil: ContinuousClock.Instant?
        var refusals = 0
    }

    package let settings: Settings
    private let state: Mutex<State>

    package init(settings: Settings, now: ContinuousClock.Instant = .now) {
        self.settings = settings
        state = Mutex(State(tokens: Double(max(1, settings.burst)), refilledAt: now))
    }

    /// Whether a ban is in force at `now`.
    package func isBanned(now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { s in s.bannedUntil.map { $0 > now } ?? false }
    }

    /// Judges one request arriving at `now`.
    package func admit(now: ContinuousClock.Instant = .now) -> Verdict {
        guard settings.isEnabled else { return .pass }
        return state.withLock { s in
            let capacity = Double(max(1, settings.burst))
            s.tokens = min(capacity, s.tokens + (now - s.refilledAt) / .seconds(1) * settings.allowedPerSecond)
            s.refilledAt = now
            if let banned = s.bannedUntil, banned > now { return refuse(&s) }
            if s.tokens >= 1 {
                s.tokens -= 1
                return .pass
            }
            if let last = s.lastRefusal, now - last <= .seconds(1), let since = s.overSince {
                if settings.banAfter > 0, now - since >= .nanoseconds(Int64(settings.banAfter * 1e9)) {
                    s.bannedUntil = now + .nanoseconds(Int64(settings.banDuration * 1e9))
                    s.overSince = nil
                }
            } else {
                s.overSince = now
            }
            s.lastRefusal = now
            return refuse(&s)
        }
    }


    private func refuse(_ s: inout State) -> Verdict {
        s.refusals += 1
        switch settings.response {
        case .mixed: return .refuse(s.refusals % 2 == 0 ? .captcha : .tooManyRequests)
        case let response: return .refuse(response)
        }
    }
}
