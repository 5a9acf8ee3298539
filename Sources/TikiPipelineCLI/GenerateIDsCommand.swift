import ArgumentParser
import BatchStore
import MockTikiAPI

struct GenerateIDsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-ids",
        abstract: "Write a CSV of unique synthetic product IDs (header `id`, one per line), deterministically.")

    @Option(help: "How many IDs.") var count = 200_000
    @Option(help: "Seed; the same seed gives the same file.") var seed: UInt64 = 1
    @Option(help: "Output CSV.") var out = "data/input/product_ids.csv"

    func run() async throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        // The real list's range: 54,380 to 263,677,051.
        var rng = SplitMix64(seed: seed)
        var seen = Set<Int64>()
        var text = "id\n"
        text.reserveCapacity(count * 10)
        while seen.count < count {
            let id = Int64(54_380 + rng.next() % 263_622_672)
            if seen.insert(id).inserted { text += "\(id)\n" }
        }
        try AtomicFile.write(Array(text.utf8), to: out)
        print("wrote \(count) IDs to \(out)")
    }
}
