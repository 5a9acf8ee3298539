import CoreMetrics
import Synchronization

/// An `Int64` that many threads add to.
package final class AtomicInteger: Sendable {
    private let storage = Atomic<Int64>(0)
    package init() {}
    package var value: Int64 { storage.load(ordering: .relaxed) }
    func add(_ n: Int64) { storage.add(n, ordering: .relaxed) }
    func reset() { storage.store(0, ordering: .relaxed) }
}
