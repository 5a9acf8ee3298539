import CoreMetrics
import Synchronization

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
