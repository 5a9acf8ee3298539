import Foundation
import TikiJSON

/// The verdict on one HTTP attempt.
package enum AttemptOutcome: Sendable {
    case success(JSONValue)
    case failure(AttemptFailure)
}
