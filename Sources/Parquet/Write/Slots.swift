/// A fixed number of slots that concurrent workers fill, each slot written by one worker only and read after
/// they have all finished (the caller's DispatchGroup provides that ordering). Writing through a pointer keeps
/// the workers off a shared Array's buffer.
final class Slots<Value>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Value?>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// The value in `index`, leaving the slot empty.
    func take(_ index: Int) -> Value? {
        defer { base[index] = nil }
        return base[index]
    }

    subscript(index: Int) -> Value? {
        get { base[index] }
        set { base[index] = newValue }
    }

    var values: [Value?] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
