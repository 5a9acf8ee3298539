import Foundation
import MockTikiAPI
import SeededRandom
import Testing
@testable import TikiIngest

@Suite struct RetryPolicyTests {
    @Test func fullJitterStaysUnderTheExponentialCeiling() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: 0.5, maxDelay: 4, retryAfterCap: 10)
        let seed: UInt64 = 0x5EED_0004
        print("jitter seed \(seed)")
        var rng = SplitMix64(seed: seed)
        for retry in 1...6 {
            let ceiling = min(4, 0.5 * pow(2, Double(retry - 1)))
            let delays = (0..<200).map { _ in policy.delay(beforeRetry: retry, retryAfter: nil, using: &rng) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(delays.max()! > ceiling / 2, "jitter spreads over the whole range")
        }
    }

    @Test func retryAfterWinsAndIsCapped() {
        let policy = RetryPolicy(maxRetries: 3, baseDelay: 0.5, maxDelay: 30, retryAfterCap: 10)
        var rng = SplitMix64(seed: 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 7, using: &rng) == 7)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 120, using: &rng) == 10)
    }

    @Test func parsesRetryAfterSecondsAndTheThreeDateForms() {
        let now = Date(timeIntervalSince1970: 784_111_767)  // Sun, 06 Nov 1994 08:49:27 GMT
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 10)
        #expect(RetryAfter.seconds(from: "Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 10)
        #expect(RetryAfter.seconds(from: "Sun Nov  6 08:49:37 1994", now: now) == 10)
        #expect(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0, "a past date means now")
        #expect(RetryAfter.seconds(from: "soon", now: now) == nil)
        #expect(RetryAfter.seconds(from: "-5", now: now) == nil)
    }
}
