/// SplitMix64: a tiny, fast, seedable generator, so every mock document and fault is a pure function of its
/// inputs and every random test can be replayed from the seed it prints.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) derived from the given keys alone.
    package static func unit(_ keys: UInt64...) -> Double {
        var generator = SplitMix64(seed: 0x5EED)
        for key in keys { generator = SplitMix64(seed: generator.next() ^ key) }
        return Double(generator.next() >> 11) / Double(1 << 53)
    }
}
