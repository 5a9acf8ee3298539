import Metrics
import PostgresLoad
import RunMonitor
import Synchronization

/// `load`'s counter, fed from the loader's periodic progress: rows copied so far, and the file it is on.
final class LoadMetrics: Sendable {
    private let monitor: RunMonitor
    private let reported = Mutex(0)

    init(monitor: RunMonitor) { self.monitor = monitor }

    func progress(_ progress: LoadProgress) {
        add(upTo: progress.rows)
        monitor.setCurrentFile("\(progress.phase): \(progress.filesDone)/\(progress.files) files")
    }

    /// The rows the last progress report had not counted yet.
    func finished(rows: Int) {
        add(upTo: rows)
        monitor.setCurrentFile(nil)
    }

    private func add(upTo rows: Int) {
        let new = reported.withLock { reported in
            defer { reported = max(reported, rows) }
            return max(0, rows - reported)
        }
        if new > 0 { monitor.rowsDone(new) }
    }
}
