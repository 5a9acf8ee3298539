import Foundation
import Synchronization
import TikiJSON

/// Writes batch files one after another on a thread of its own, so whoever fills the next batch does not wait
/// for the disk. Inline, encoding 1,000 records and the fsync (about 15 ms here) held up the fetch dispatcher:
/// no request started meanwhile, which cost an ingest at 50 ms of latency about 1% of its throughput.
///
/// A caller that finds `maxQueued` batches already waiting suspends (it does not block its thread: the
/// dispatcher runs on Swift's cooperative pool, where a blocked thread is one fewer for every other task).
package final class BatchWriter: Sendable {
    private let queue = DispatchQueue(label: "tiki.batch-writer")
    /// Free places in the queue, and the callers waiting for one, first come first served.
    private let slots: Mutex<(free: Int, waiting: [CheckedContinuation<Void, Never>])>
    private let firstFailure = Mutex<StorageError?>(nil)

    package init(maxQueued: Int = 4) {
        precondition(maxQueued > 0)
        slots = Mutex((maxQueued, []))
    }

    /// Queues `records` for `path`, once there is room; throws the failure of an earlier write, if any.
    package func write(_ records: [JSONValue], to path: String) async throws(StorageError) {
        try rethrowFailure()
        await takeSlot()
        queue.async { [self] in
            defer { giveSlot() }
            do throws(StorageError) {
                try BatchFile.write(records, to: path)
            } catch {
                firstFailure.withLock { if $0 == nil { $0 = error } }
            }
        }
    }

    /// Waits until every queued batch is on disk; throws the first failure.
    package func finish() async throws(StorageError) {
        await withCheckedContinuation { done in queue.async { done.resume() } }
        try rethrowFailure()
    }

    private func takeSlot() async {
        await withCheckedContinuation { (turn: CheckedContinuation<Void, Never>) in
            let free = slots.withLock { s in
                if s.free > 0 { s.free -= 1; return true }
                s.waiting.append(turn)
                return false
            }
            if free { turn.resume() }
        }
    }

    /// Hands the place of a written batch to the longest waiter, or frees it.
    private func giveSlot() {
        let next = slots.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiting.isEmpty { s.free += 1; return nil }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }

    private func rethrowFailure() throws(StorageError) {
        if let failure = firstFailure.withLock({ $0 }) { throw failure }
    }
}
