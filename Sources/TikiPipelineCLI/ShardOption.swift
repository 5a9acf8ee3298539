import ArgumentParser
import Foundation
import TikiIngest

/// `--shard I/N`, else `TIKI_SHARD`, else `JOB_COMPLETION_INDEX` with `TIKI_SHARDS`: which part of the ID list this
/// process fetches, and so which subfolder of `--out` it writes.
struct ShardOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Fetch only shard I of N (0-based) of the IDs, split by a stable hash of the ID, into --out/shard-I-of-N. "
            + "Also TIKI_SHARD=I/N, or JOB_COMPLETION_INDEX with TIKI_SHARDS=N.",
        valueName: "I/N"))
    var shard: String?

    func resolve() throws -> Shard {
        do {
            if let shard { return try Shard.parse(shard, source: "flag --shard") }
            return try Shard.fromEnvironment(ProcessInfo.processInfo.environment) ?? .whole
        } catch {
            throw ValidationError(error.description)
        }
    }
}
