import SeededRandom

/// What the mock does with one request.
package enum MockDecision: Sendable, Equatable {
    case document
    case notFound
    /// 429 with `Retry-After` as seconds, as an HTTP date, or absent.
    case rateLimited(RetryAfterStyle)
    case serverError(status: Int)
    case captcha
    case softBlock
    case timeout

    package enum RetryAfterStyle: Sendable, Equatable {
        case seconds, httpDate, absent
    }

    /// The decision for `attempt` (1-based) of `id`: removal by ID alone, transient faults by (ID, attempt, seed).
    package static func decide(id: Int64, attempt: Int, seed: UInt64, faults: FaultProfile) -> MockDecision {
        let key = UInt64(bitPattern: id)
        if faults.notFoundRate > 0, SplitMix64.unit(seed, key, 0x404) < faults.notFoundRate { return .notFound }
        var roll = SplitMix64.unit(seed, key, UInt64(attempt), 0xFA17)
        let style = SplitMix64.unit(seed, key, UInt64(attempt), 0x57)
        if roll < faults.rateLimitRate {
            return .rateLimited(style < 1.0 / 3 ? .seconds : style < 2.0 / 3 ? .httpDate : .absent)
        }
        roll -= faults.rateLimitRate
        if roll < faults.serverErrorRate { return .serverError(status: [500, 502, 503, 504][Int(style * 4)]) }
        roll -= faults.serverErrorRate
        if roll < faults.captchaRate { return .captcha }
        roll -= faults.captchaRate
        if roll < faults.softBlockRate { return .softBlock }
        roll -= faults.softBlockRate
        if roll < faults.timeoutRate { return .timeout }
        return .document
    }
}
