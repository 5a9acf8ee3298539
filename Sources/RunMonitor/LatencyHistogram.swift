import CoreMetrics
import Synchronization

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
