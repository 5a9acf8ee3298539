import Foundation

/// When to try again: exponential backoff with full jitter, or what the server's `Retry-After` asks, capped.
package struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt.
    package var maxRetries: Int = 3
    package var baseDelay: Double = 0.5
    package var maxDelay: Double = 30
    /// The longest `Retry-After` that is honoured; longer requests wait this long.
    package var retryAfterCap: Double = 60

    package init() {}

    package init(maxRetries: Int, baseDelay: Double, maxDelay: Double, retryAfterCap: Double) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryAfterCap = retryAfterCap
    }

    /// Seconds to wait before retry number `retry` (1-based).
    package func delay(beforeRetry retry: Int, retryAfter: Double?, using generator: inout some RandomNumberGenerator) -> Double {
        if let retryAfter { return min(max(0, retryAfter), retryAfterCap) }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        guard ceiling > 0 else { return 0 }
        return Double.random(in: 0...ceiling, using: &generator)
    }
}

/// Parses `Retry-After`: delta-seconds, or an HTTP date (IMF-fixdate, RFC 850 or asctime).
package enum RetryAfter {
    /// Seconds from `now` until the moment the header names; `nil` if it parses as neither form.
    package static func seconds(from header: String, now: Date = Date()) -> Double? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(text), seconds >= 0 { return Double(seconds) }
        if let date = httpDate(text) { return max(0, date.timeIntervalSince(now)) }
        return nil
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Parses the three date forms RFC 9110 requires recipients to accept.
    package static func httpDate(_ text: String) -> Date? {
        // Normalize separators so the three forms share one token layout.
        let tokens = text.replacingOccurrences(of: ",", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(separator: " ").map(String.init)
        var day: Int?, month: Int?, year: Int?, time: [Int]?
        for token in tokens {
            if token.contains(":") {
                let parts = token.split(separator: ":").compactMap { Int($0) }
                if parts.count == 3 { time = parts }
            } else if let m = months.firstIndex(of: token.lowercased().prefix(3).description), token.count >= 3,
                Int(token) == nil, month == nil, token.lowercased() != "gmt"
            {
                // Weekday names never start with a month's three letters, so the first match is the month.
                if ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].contains(token.lowercased().prefix(3).description) {
                    continue
                }
                month = m + 1
            } else if let n = Int(token) {
                if n > 31 || token.count == 4 { year = n } else if day == nil { day = n } else { year = n }
            }
        }
        guard let d = day, let m = month, var y = year, let t = time, (1...31).contains(d) else { return nil }
        if y < 100 { y += y < 70 ? 2000 : 1900 }
        var components = DateComponents()
        components.year = y
        components.month = m
        components.day = d
        components.hour = t[0]
        components.minute = t[1]
        components.second = t[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }
}
