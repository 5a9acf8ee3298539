import TikiJSON

/// What an output folder already holds: which IDs have a record, which have an error entry, and where.
///
/// The files themselves are the ledger, so a crash can never leave it out of step with them. When an ID
/// appears more than once (a retry interrupted before it pruned the old entry), a record beats an error and
/// a later error file beats an earlier one.
package struct OutputLedger: Sendable {
    package private(set) var recordIDs: Set<Int64> = []
    /// The newest error entry of each ID without a record, with the file that holds it.
    package private(set) var errors: [Int64: (entry: ErrorEntry, file: String)] = [:]
    package private(set) var recordCount = 0
    package private(set) var nextNumber: [OutputLayout.Series: Int] = [:]
    /// Files that could not be read, with the reason; their IDs count as not done.
    package private(set) var unreadable: [StorageError] = []

    package init() {}

    /// A writer of `series` files in `layout` that continues the series' numbering, its numbers wide enough for
    /// `records` records.
    package func accumulator(_ series: OutputLayout.Series, in layout: OutputLayout, batchSize: Int, records: Int) -> BatchAccumulator {
        BatchAccumulator(
            layout: layout, series: series, batchSize: batchSize, firstNumber: nextNumber[series] ?? 1,
            width: OutputLayout.numberWidth(records: records, batchSize: batchSize))
    }

    /// Scans the layout's folders.
    package static func load(_ layout: OutputLayout) -> OutputLedger {
        var ledger = OutputLedger()
        for series in OutputLayout.Series.allCases {
            ledger.nextNumber[series] = (layout.existingFiles(series).last?.number ?? 0) + 1
        }
        for series in [OutputLayout.Series.products, .retryProducts] {
            for file in layout.existingFiles(series) {
                do {
                    for record in try BatchFile.read(file.path) {
                        if let id = record["id"]?.int64Value {
                            ledger.recordIDs.insert(id)
                            ledger.recordCount += 1
                        }
                    }
                } catch {
                    ledger.unreadable.append(error)
                }
            }
        }
        // errors_* before retry_* so that retry outcomes, being newer, win.
        for series in [OutputLayout.Series.errors, .retryErrors] {
            for file in layout.existingFiles(series) {
                do {
                    for value in try BatchFile.read(file.path) {
                        guard let entry = ErrorEntry(json: value), !ledger.recordIDs.contains(entry.id) else { continue }
                        ledger.errors[entry.id] = (entry, file.path)
                    }
                } catch {
                    ledger.unreadable.append(error)
                }
            }
        }
        return ledger
    }

    /// The attempts each ID with an error entry has had over every run so far (an entry's count is cumulative).
    package var attemptsMade: [Int64: Int] { errors.mapValues(\.entry.attempts) }

    /// Whether `id` already has a record or an error entry.
    package func isSettled(_ id: Int64) -> Bool {
        recordIDs.contains(id) || errors[id] != nil
    }
}
