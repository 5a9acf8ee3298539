import Foundation

/// Blocking work run off Swift's cooperative pool.
///
/// A conversion blocks for its whole length (the prefetcher and the row-group encoder wait on semaphores). On
/// the pool it held one of its threads, one of two on a 2-core machine, which the S3 uploads it waits on and the
/// `--monitor` server need.
enum OwnThread {
    /// Runs `work` on a thread of its own (8 MiB of stack, as the main thread has) and returns what it returns.
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
