import Metrics
import RunMonitor
import Synchronization

/// `convert`'s counters, fed from the converter's per-file progress.
///
/// A conversion that starts over (its schema guess failed) reports from zero again; the counters only take
/// what goes past the highest count seen, so they never go back and end at the true totals.
final class ConvertMetrics: Sendable {
    static let rowsName = "tiki_rows_converted_total"
    static let filesName = "tiki_batch_files_converted_total"
    private let rows = Counter(label: rowsName)
    private let files = Counter(label: filesName)
    private let highest = Mutex((files: 0, rows: 0))
    private let monitor: RunMonitor

    init(monitor: RunMonitor, files total: Int) {
        self.monitor = monitor
        monitor.setTotal(total)
    }

    func progress(file: String, files doneFiles: Int, rows doneRows: Int) {
        let (newFiles, newRows) = highest.withLock { h in
            defer { h = (max(h.files, doneFiles), max(h.rows, doneRows)) }
            return (max(0, doneFiles - h.files), max(0, doneRows - h.rows))
        }
        if newFiles > 0 { files.increment(by: newFiles) }
        if newRows > 0 { rows.increment(by: newRows) }
        monitor.setCurrentFile(file)
    }
}
