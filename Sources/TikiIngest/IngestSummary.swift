import BatchStore
import Foundation
import Logging
import TikiSchema

/// What a finished (or interrupted) run did.
package struct IngestSummary: Sendable {
    package var report: RunReport
    /// Why the run gave up on a server that refused everything, if it did.
    package var gaveUp: String?
    /// The error every one of the first attempts failed with, if the run stopped on it.
    package var failedFast: String?
    package var line: String

    package var interrupted: Bool { report.interrupted }
    package var counts: [OutcomeClass: Int] { report.counts }
    package var recordsPerSecond: Double { report.recordsPerSecond }
}
