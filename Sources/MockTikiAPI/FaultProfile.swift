import SeededRandom

/// How often the mock misbehaves, as probabilities per request (removed products: per ID).
package struct FaultProfile: Sendable, Hashable {
    /// IDs answered with 404 on every attempt.
    package var notFoundRate = 0.0
    package var rateLimitRate = 0.0
    package var serverErrorRate = 0.0
    /// HTTP 200 `text/html` captcha pages.
    package var captchaRate = 0.0
    /// HTTP 200 JSON without `name` and `price`.
    package var softBlockRate = 0.0
    /// Responses held past any sane client timeout.
    package var timeoutRate = 0.0

    package init() {}

    package init(
        notFoundRate: Double = 0, rateLimitRate: Double = 0, serverErrorRate: Double = 0, captchaRate: Double = 0,
        softBlockRate: Double = 0, timeoutRate: Double = 0
    ) {
        self.notFoundRate = notFoundRate
        self.rateLimitRate = rateLimitRate
        self.serverErrorRate = serverErrorRate
        self.captchaRate = captchaRate
        self.softBlockRate = softBlockRate
        self.timeoutRate = timeoutRate
    }

    package static let noFaults = FaultProfile()
    /// What the real API did in early 2026: 0.5% removed, 1% 429, 1% 5xx, 0.5% captcha pages.
    package static let realistic = FaultProfile(notFoundRate: 0.005, rateLimitRate: 0.01, serverErrorRate: 0.01, captchaRate: 0.005)
    /// Every fault, often.
    package static let heavy = FaultProfile(
        notFoundRate: 0.05, rateLimitRate: 0.08, serverErrorRate: 0.05, captchaRate: 0.03, softBlockRate: 0.03, timeoutRate: 0.01)

    /// The profiles that have names, as `--faults` and `--mock-faults` take them.
    package enum Name: String, Sendable, CaseIterable {
        case none, realistic, heavy

        /// The profile this name stands for.
        package var profile: FaultProfile {
            switch self {
            case .none: .noFaults
            case .realistic: .realistic
            case .heavy: .heavy
            }
        }
    }

    /// The rates must each be in 0...1 and the transient ones must not add up past 1.
    package func validate() throws(MockConfigurationError) {
        let rates = [
            ("the not-found rate", notFoundRate), ("the rate-limit rate", rateLimitRate), ("the server-error rate", serverErrorRate),
            ("the captcha rate", captchaRate), ("the soft-block rate", softBlockRate), ("the timeout rate", timeoutRate),
        ]
        for (name, rate) in rates where !(0...1).contains(rate) {
            throw MockConfigurationError(message: "\(name) must be between 0 and 1, got \(rate)")
        }
        if rateLimitRate + serverErrorRate + captchaRate + softBlockRate + timeoutRate > 1 {
            throw MockConfigurationError(message: "the transient fault rates add up to more than 1")
        }
    }
}
