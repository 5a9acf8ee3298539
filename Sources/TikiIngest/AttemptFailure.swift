import Foundation
import TikiJSON

/// A failed attempt: its class, the HTTP status if one arrived, a message, and any `Retry-After` in seconds.
package struct AttemptFailure: Sendable, Error, Equatable {
    package var outcome: OutcomeClass
    package var status: Int?
    package var message: String
    package var retryAfter: Double?

    package init(_ outcome: OutcomeClass, status: Int? = nil, message: String, retryAfter: Double? = nil) {
        self.outcome = outcome
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }
}
