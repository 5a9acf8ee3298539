import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The mock's settings: where it listens, how slow and how faulty it is.
package struct MockServerConfiguration: Sendable {
    package var host = "127.0.0.1"
    /// 0 picks a free port.
    package var port = 8080
    /// Added to every response, in milliseconds.
    package var latencyMilliseconds = 0
    package var faults = FaultProfile.noFaults
    package var seed: UInt64 = 0
    /// How long a `timeout` fault holds its response, in seconds.
    package var timeoutHoldSeconds = 30.0
    /// The `Retry-After` that the random 429 faults carry, in seconds (as a number or as an HTTP date). 0, so that
    /// the random faults, which are per request and not a rate limit, do not pause a client that honours the
    /// header for all its requests; `throttle` is the rate limit.
    package var retryAfterSeconds = 0
    /// A firewall in front of everything: a token bucket over all requests.
    package var throttle = MockThrottle.Settings()
    /// Requests an earlier run made for each ID. Transient faults are decided by attempt, so a server started
    /// afresh for a `retry` would refuse an ID's first attempts exactly as it refused the ingest's; a real server
    /// does not repeat itself across runs, and the mock goes on from the attempts already made.
    package var attemptsBefore: [Int64: Int] = [:]

    package init() {}
}
