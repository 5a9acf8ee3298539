import ArgumentParser
import BatchStore
import SeededRandom

struct GenerateIDsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-ids",
        abstract: "Write a CSV of unique synthetic product IDs (header `id`, one per line), deterministically.")

    @Option(help: "How many IDs.") var count = 200_000
    @Option(help: "Seed; the same seed gives the same file.") var seed: UInt64 = 1
    @Option(help: "Output CSV.") var out = "data/input/product_ids.csv"

    func run() async throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        let ids = SyntheticProductIDs.generate(count: count, seed: seed)
        let text = "id\n" + ids.map { "\($0)\n" }.joined()
        try AtomicFile.write(Array(text.utf8), to: out)
        print("wrote \(count) IDs to \(out)")
    }
}
