import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Counts of what the mock answered, for tests and logs.
package struct MockServerCounters: Sendable, Equatable {
    package var requests = 0
    package var documents = 0
    package var notFound = 0
    package var rateLimited = 0
    package var serverErrors = 0
    package var captchas = 0
    package var softBlocks = 0
    package var timeouts = 0
    /// Requests refused by the firewall (`throttle`), bans included.
    package var throttled = 0
}
