/// How one fetch of a product ended; the raw value is what error files record in `error`.
package enum OutcomeClass: String, Sendable, CaseIterable, Hashable, Comparable {
    case ok
    /// 404: the product was removed. Permanent.
    case notFound = "not_found"
    /// Any other 4xx except 408, 425 and 429. Permanent.
    case clientError = "client_error"
    case rateLimited = "rate_limited"
    case serverError = "server_error"
    case timeout
    case connection
    /// HTTP 200 whose body is not JSON (a captcha or firewall page).
    case blocked
    /// JSON without `id`, with another product's `id`, or without `name`/`price` (a soft block).
    case invalidPayload = "invalid_payload"
    /// The body passed the size cap, compressed or inflated.
    case tooLarge = "too_large"
    /// The TLS handshake failed (an untrusted or mismatched certificate): permanent, and the same for every ID.
    case tls

    /// Whether another attempt may succeed.
    package var isTransient: Bool {
        switch self {
        case .rateLimited, .serverError, .timeout, .connection, .blocked, .invalidPayload: true
        case .ok, .notFound, .clientError, .tooLarge, .tls: false
        }
    }

    /// Whether the server is refusing us rather than failing this request: a 429, a captcha or firewall page,
    /// a soft block. Throttled IDs do not use up their retries while the rate limiter is backing off.
    package var isThrottle: Bool { self == .rateLimited || self == .blocked || self == .invalidPayload }

    package static func < (a: OutcomeClass, b: OutcomeClass) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
