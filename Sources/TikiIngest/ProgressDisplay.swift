import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Live progress: a redrawn line on a terminal, a log line every few seconds otherwise.
package struct ProgressDisplay: Sendable {
    package enum Mode: Sendable {
        case terminal
        case logLines(interval: Double)
        case silent
    }

    package let mode: Mode
    package let total: Int
    package let label: String

    package init(mode: Mode, total: Int, label: String) {
        self.mode = mode
        self.total = total
        self.label = label
    }

    /// `.terminal` when standard error is a TTY, else periodic log lines.
    package static func automaticMode(interval: Double) -> Mode {
        isatty(2) == 1 ? .terminal : .logLines(interval: interval)
    }

    /// Runs until cancelled, reporting from `statistics`.
    package func run(statistics: IngestStatistics, logger: Logger) async {
        let started = ContinuousClock.now
        let interval: Double
        switch mode {
        case .silent: return
        case .terminal: interval = 0.25
        case .logLines(let seconds): interval = seconds
        }
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int64(interval * 1000)))
            if Task.isCancelled { break }
            let line = render(statistics.counts, elapsed: (ContinuousClock.now - started) / .seconds(1))
            switch mode {
            case .terminal: FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
            case .logLines:
                FileHandle.standardError.write(Data("\(line)\n".utf8))
                logger.info("\(line)")
            case .silent: break
            }
        }
        if case .terminal = mode { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    /// One progress line: done/total, percent, rate, ETA, counts by outcome.
    package func render(_ counts: IngestStatistics.Snapshot, elapsed: Double) -> String {
        let done = counts.finishedCount
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = max(0, total - done)
        let eta = rate > 0 ? Self.duration(Double(remaining) / rate) : "--"
        let percent = total > 0 ? Double(done) * 100 / Double(total) : 100
        var outcomes = counts.finished.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        if counts.retryCount > 0 { outcomes.append("retries \(counts.retryCount)") }
        let allowed = counts.rate.isFinite ? "\(Self.rate(counts.rate))/s" : "unpaced"
        let refused = String(format: "%.1f", counts.refusedShare * 100)
        return "\(label) \(done)/\(total) \(String(format: "%.1f", percent))% · \(Int(rate.rounded())) rec/s · ETA \(eta) · "
            + "rate \(allowed), refused \(refused)% · " + outcomes.joined(separator: " · ")
    }

    /// A rate with as many digits as it deserves: `0.5`, `95`, `12400`.
    static func rate(_ r: Double) -> String { r < 10 ? String(format: "%.1f", r) : String(Int(r.rounded())) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }
}
