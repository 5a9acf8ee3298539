import Foundation

/// The progress of every connection of a parallel load, summed.
final class ProgressTotals: @unchecked Sendable {
    private let lock = NSLock()
    private let files: Int
    private var latest: [Int: LoadProgress] = [:]

    init(files: Int) { self.files = files }

    func update(_ worker: Int, _ progress: LoadProgress) -> LoadProgress {
        lock.lock()
        defer { lock.unlock() }
        latest[worker] = progress
        let all = latest.values
        return LoadProgress(
            filesDone: all.reduce(0) { $0 + $1.filesDone }, files: files, rows: all.reduce(0) { $0 + $1.rows },
            bytesSent: all.reduce(0) { $0 + $1.bytesSent }, seconds: progress.seconds, phase: progress.phase)
    }
}
