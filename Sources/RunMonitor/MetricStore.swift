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

/// An `Int64` that many threads add to.
package final class AtomicInteger: Sendable {
    private let storage = Atomic<Int64>(0)
    package init() {}
    package var value: Int64 { storage.load(ordering: .relaxed) }
    func add(_ n: Int64) { storage.add(n, ordering: .relaxed) }
    func reset() { storage.store(0, ordering: .relaxed) }
}

/// A `Double` that many threads set or add to; `isSet` tells a gauge never set from one set to 0.
package final class AtomicDouble: Sendable {
    /// The bit pattern of the value; `UInt64.max` (a NaN nobody sets) until the first update.
    private let bits = Atomic<UInt64>(UInt64.max)
    package init() {}
    package var isSet: Bool { bits.load(ordering: .relaxed) != UInt64.max }
    package var value: Double {
        let b = bits.load(ordering: .relaxed)
        return b == UInt64.max ? 0 : Double(bitPattern: b)
    }
    func set(_ value: Double) { bits.store(value.bitPattern, ordering: .relaxed) }
    func add(_ delta: Double) {
        var current = bits.load(ordering: .relaxed)
        while true {
            let base = current == UInt64.max ? 0 : Double(bitPattern: current)
            let (exchanged, original) = bits.compareExchange(
                expected: current, desired: (base + delta).bitPattern, ordering: .relaxed)
            if exchanged { return }
            current = original
        }
    }
}

/// Durations in logarithmic buckets, four per doubling from 1 µs, for percentiles good to about ±9%.
///
/// The dashboard wants p50/p95/p99 each second; sorting every sample (what the run report does once at the end)
/// would cost more the longer the run goes, where these buckets cost one atomic add per sample.
package final class LatencyHistogram: Sendable {
    static let bucketsPerDoubling = 4.0
    /// 1 µs · 2^(120/4) ≈ 18 minutes: anything longer lands in the last bucket.
    static let bucketCount = 121
    private let buckets: [AtomicInteger]
    private let total = AtomicInteger()

    package init() { buckets = (0..<Self.bucketCount).map { _ in AtomicInteger() } }

    package var count: Int64 { total.value }

    package func record(nanoseconds: Int64) {
        buckets[Self.bucket(nanoseconds)].add(1)
        total.add(1)
    }

    static func bucket(_ nanoseconds: Int64) -> Int {
        guard nanoseconds > 1000 else { return 0 }
        let index = Int((log2(Double(nanoseconds) / 1000) * bucketsPerDoubling).rounded(.up))
        return min(bucketCount - 1, max(0, index))
    }

    /// The upper bound of bucket `index`, in seconds.
    static func upperBound(_ index: Int) -> Double { 1e-6 * exp2(Double(index) / bucketsPerDoubling) }

    /// The duration below which `fraction` of the samples fall, in seconds (the upper bound of its bucket).
    package func percentile(_ fraction: Double) -> Double? {
        let counts = buckets.map(\.value)
        let n = counts.reduce(0, +)
        guard n > 0 else { return nil }
        let rank = max(1, Int64((Double(n) * fraction).rounded(.up)))
        var seen: Int64 = 0
        for (index, c) in counts.enumerated() {
            seen += c
            if seen >= rank { return Self.upperBound(index) }
        }
        return Self.upperBound(Self.bucketCount - 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
