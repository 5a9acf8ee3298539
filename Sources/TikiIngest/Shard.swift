import Foundation

/// One of `count` disjoint parts of an ID list, chosen by a stable hash of each ID.
///
/// Hashing the ID rather than its line position keeps a shard's IDs where they are when the list is edited: adding
/// or removing a line moves only that ID. The hash is a fixed 64-bit mix (MurmurHash3's finaliser), not Swift's
/// `Hasher`, which is seeded per process: every machine and every version must agree on which shard owns an ID.
/// Indexes are 0-based, as Airflow's `map_index` and Kubernetes' `JOB_COMPLETION_INDEX` are.
package struct Shard: Sendable, Hashable, CustomStringConvertible {
    package let index: Int
    package let count: Int

    /// The most shards a list may be split into; far more than any scheduler runs at once.
    package static let maximumCount = 65_536

    /// The whole list, unsplit.
    package static let whole = Shard(validIndex: 0, count: 1)

    private init(validIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// A shard, or `nil` unless `0 <= index < count <= maximumCount`.
    package init?(index: Int, count: Int) {
        guard count >= 1, count <= Self.maximumCount, index >= 0, index < count else { return nil }
        self.init(validIndex: index, count: count)
    }

    /// Parses `I/N`, e.g. `3/16`.
    package static func parse(_ text: String, source: String) throws(ConfigurationError) -> Shard {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)), let count = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError(key: "shard", source: source, message: "a shard is I/N with 0 <= I < N (e.g. 0/4), got \"\(text)\"")
        }
        guard let shard = Shard(index: index, count: count) else {
            throw ConfigurationError(
                key: "shard", source: source,
                message: "\(text) is out of range: I/N needs 0 <= I < N <= \(maximumCount) (indexes are 0-based)")
        }
        return shard
    }

    /// The shard named by the environment: `TIKI_SHARD=I/N`, or `JOB_COMPLETION_INDEX` (set by a Kubernetes Indexed
    /// Job) with `TIKI_SHARDS=N`; `nil` when neither is set.
    package static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> Shard? {
        if let text = environment["TIKI_SHARD"] { return try parse(text, source: "environment variable TIKI_SHARD") }
        guard let count = environment["TIKI_SHARDS"] else {
            if environment["JOB_COMPLETION_INDEX"] != nil {
                // An Indexed Job without TIKI_SHARDS would have every pod fetch every ID: refuse rather than guess.
                throw ConfigurationError(
                    key: "shard", source: "environment variable JOB_COMPLETION_INDEX",
                    message: "TIKI_SHARDS is not set: set it to the Job's completions")
            }
            return nil
        }
        guard let index = environment["JOB_COMPLETION_INDEX"] else {
            throw ConfigurationError(
                key: "shard", source: "environment variable TIKI_SHARDS",
                message: "neither JOB_COMPLETION_INDEX nor TIKI_SHARD says which shard this process is")
        }
        return try parse("\(index)/\(count)", source: "environment variables JOB_COMPLETION_INDEX/TIKI_SHARDS")
    }

    /// Whether this shard owns `id`.
    package func contains(_ id: Int64) -> Bool {
        count == 1 || Int(Self.mix(UInt64(bitPattern: id)) % UInt64(count)) == index
    }

    /// MurmurHash3's 64-bit finaliser: every input bit affects every output bit, so consecutive IDs spread evenly.
    static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h &*= 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    /// The shard's own output folder under `root`, e.g. `root/shard-03-of-16`; `root` itself when unsplit.
    package func outputDirectory(under root: String) -> String {
        guard count > 1 else { return root }
        let width = String(count - 1).count
        func padded(_ n: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(root)/shard-\(padded(index))-of-\(count)"
    }

    package var description: String { "\(index)/\(count)" }
}

extension ProductIDList {
    /// The IDs of this list that `shard` owns, in file order; skipped-line counts stay those of the whole file.
    package func filtered(to shard: Shard) -> ProductIDList {
        guard shard.count > 1 else { return self }
        var part = self
        part.ids = ids.filter(shard.contains)
        part.shard = shard
        return part
    }
}
