import Synchronization

/// Byte buffers passed between a writer's threads, so that each row group's pages reuse the memory the group
/// before them touched instead of faulting in fresh pages.
final class ByteBufferPool: Sendable {
    private let spare = Mutex<[[UInt8]]>([])

    /// An empty buffer, with the capacity of one given back earlier when there is one.
    func take() -> [UInt8] {
        spare.withLock { $0.popLast() } ?? []
    }

    /// Keeps `buffer`'s memory for a later `take`. Only a buffer that nothing else refers to is worth giving.
    func give(_ buffer: consuming [UInt8]) {
        var buffer = buffer
        buffer.removeAll(keepingCapacity: true)
        spare.withLock { [buffer] in $0.append(buffer) }
    }
}
