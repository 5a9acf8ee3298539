/// Synthetic product IDs: unique, in the real list's range (54,380 to 263,677,051), the same for the same seed.
package enum SyntheticProductIDs {
    package static func generate(count: Int, seed: UInt64) -> [Int64] {
        var rng = SplitMix64(seed: seed)
        var seen = Set<Int64>()
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        while ids.count < count {
            let id = Int64(54_380 + rng.next() % 263_622_672)
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }
}
