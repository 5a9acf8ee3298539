import CoreMetrics
import Synchronization

/// The latest value of every instrument of the run, kept beside the Prometheus registry so the dashboard can
/// read numbers instead of parsing the text format.
///
/// Instruments are registered once, when swift-metrics creates them (a lock then); updating one is an atomic
/// operation on its own cell, so the fetch tasks never wait for the dashboard or for each other here.
package final class MetricStore: Sendable {
    /// One instrument: its name and labels, and the cell holding its value.
    package struct Entry: Sendable {
        package var name: String
        package var labels: [(String, String)]
        package var cell: Cell
    }

    package enum Cell: Sendable {
        case counter(AtomicInteger)
        case gauge(AtomicDouble)
        case timer(LatencyHistogram)
    }

    private let entries = Mutex<[Entry]>([])

    package init() {}

    func register(_ name: String, _ labels: [(String, String)], _ cell: Cell) {
        entries.withLock { $0.append(Entry(name: name, labels: labels, cell: cell)) }
    }

    /// Every instrument registered so far.
    package var all: [Entry] { entries.withLock { $0 } }

    /// The sum of the counters called `name`, over all their labels.
    package func counterSum(_ name: String) -> Int64 {
        all.reduce(0) { sum, entry in
            guard entry.name == name, case .counter(let cell) = entry.cell else { return sum }
            return sum + cell.value
        }
    }

    /// The latest value of the gauge (or meter) called `name` without labels, if it was ever set.
    package func gauge(_ name: String) -> Double? {
        for entry in all where entry.name == name && entry.labels.isEmpty {
            if case .gauge(let cell) = entry.cell, cell.isSet { return cell.value }
        }
        return nil
    }
}
