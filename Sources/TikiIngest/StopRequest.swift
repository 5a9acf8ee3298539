import Synchronization

/// Set once when the user asks the run to stop (Ctrl-C); checked by the dispatcher and before retries.
package final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    package init() {}

    package var isRequested: Bool { requested.load(ordering: .relaxed) }

    package func request() { requested.store(true, ordering: .relaxed) }
}
