import Synchronization

/// Set once when the user asks the run to stop (Ctrl-C); checked by the dispatcher and before retries.
public final class StopRequest: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .relaxed) }

    public func request() { requested.store(true, ordering: .relaxed) }
}
