import BatchStore
import Foundation
import MockTikiAPI
import Testing
@testable import TikiIngest

@Suite struct ShardTests {
    @Test func shardsPartitionTheListForEveryCountUpTo16() {
        let seed: UInt64 = 0x5A4D
        print("ShardTests seed \(seed)")
        let ids = syntheticIDs(5000, seed: seed)
        let list = ProductIDList(path: "ids.csv", ids: ids)
        for count in 1...16 {
            var owner: [Int64: Int] = [:]
            for index in 0..<count {
                let part = list.filtered(to: Shard(index: index, count: count)!)
                #expect(part.ids == ids.filter { Shard(index: index, count: count)!.contains($0) }, "file order kept")
                for id in part.ids {
                    #expect(owner[id] == nil, "ID \(id) in shards \(owner[id] ?? -1) and \(index) of \(count)")
                    owner[id] = index
                }
            }
            #expect(Set(owner.keys) == Set(ids), "the union of \(count) shards is the input")
            // A hash that spreads IDs: every shard within 25% of an even share (5000 IDs, at most 16 shards).
            let sizes = (0..<count).map { index in owner.values.filter { $0 == index }.count }
            let even = Double(ids.count) / Double(count)
            #expect(sizes.allSatisfy { abs(Double($0) - even) < 0.25 * even }, "sizes \(sizes) for \(count) shards")
        }
    }

    @Test func editingTheListMovesOnlyTheEditedIDs() {
        let ids = syntheticIDs(2000, seed: 21)
        let shard = Shard(index: 2, count: 8)!
        let before = Set(ProductIDList(path: "a", ids: ids).filtered(to: shard).ids)
        // Drop every tenth line and prepend new IDs: line positions all change, owners must not.
        let edited = [Int64(999_999_001), 999_999_002] + ids.enumerated().filter { $0.offset % 10 != 0 }.map(\.element)
        let after = Set(ProductIDList(path: "b", ids: edited).filtered(to: shard).ids)
        let kept = Set(edited).intersection(ids)
        #expect(before.intersection(kept) == after.intersection(kept))
    }

    @Test func theHashIsPinnedAcrossVersionsAndMachines() {
        // Owners computed once with MurmurHash3's finaliser; a change here would move IDs between shards of a
        // running job, so it must be deliberate.
        #expect(Shard.mix(0) == 0)
        #expect(Shard.mix(1) == 0xB456_BCFC_34C2_CB2C)
        #expect((0..<16).filter { Shard(index: $0, count: 16)!.contains(274_442_018) }.count == 1)
    }

    @Test func parsesFlagsAndTheEnvironment() throws {
        #expect(try Shard.parse("3/16", source: "t") == Shard(index: 3, count: 16))
        #expect(try Shard.parse(" 0 / 1 ", source: "t") == .whole)
        for bad in ["16/16", "-1/4", "1/0", "a/4", "1", "1/2/3", "", "0/70000"] {
            #expect(throws: ConfigurationError.self, "\"\(bad)\"") { try Shard.parse(bad, source: "flag --shard") }
        }
        #expect(try Shard.fromEnvironment([:]) == nil)
        #expect(try Shard.fromEnvironment(["TIKI_SHARD": "1/4"]) == Shard(index: 1, count: 4))
        #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "5", "TIKI_SHARDS": "8"]) == Shard(index: 5, count: 8))
        #expect(try Shard.fromEnvironment(["TIKI_SHARD": "0/2", "JOB_COMPLETION_INDEX": "5", "TIKI_SHARDS": "8"])
            == Shard(index: 0, count: 2), "an explicit TIKI_SHARD wins")
        #expect(throws: ConfigurationError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "5"]) }
        #expect(throws: ConfigurationError.self) { try Shard.fromEnvironment(["TIKI_SHARDS": "8"]) }
        #expect(throws: ConfigurationError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "8", "TIKI_SHARDS": "8"]) }
    }

    @Test func eachShardHasItsOwnFolder() {
        #expect(Shard.whole.outputDirectory(under: "out") == "out")
        #expect(Shard(index: 3, count: 16)!.outputDirectory(under: "out") == "out/shard-03-of-16")
        #expect(Shard(index: 0, count: 4)!.outputDirectory(under: "out") == "out/shard-0-of-4")
        #expect(Shard(index: 7, count: 100)!.outputDirectory(under: "o") == "o/shard-07-of-100")
    }

    @Test func concurrentShardsAgainstOneMockFetchTheUnionExactlyOnce() async throws {
        let seed: UInt64 = 31
        print("concurrent shards seed \(seed)")
        let ids = syntheticIDs(800, seed: seed)
        let root = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let count = 4
        try await MockTikiServer.withRunningServer(mockConfiguration(everyFault, seed: seed)) { _, url in
            var settings = fastConfiguration(batchSize: 100)
            settings.http.baseURL = url
            let configuration = settings
            let list = ProductIDList(path: "ids.csv", ids: ids)
            try await withThrowingTaskGroup(of: IngestSummary.self) { group in
                for index in 0..<count {
                    let shard = Shard(index: index, count: count)!
                    group.addTask {
                        let job = IngestJob(
                            configuration: configuration, schema: .tikiProduct,
                            outputDirectory: shard.outputDirectory(under: root), logger: silentLogger())
                        return try await job.run(list.filtered(to: shard), stop: StopRequest())
                    }
                }
                for try await summary in group { #expect(!summary.interrupted) }
            }
        }
        var appearances: [Int64: Int] = [:]
        for folder in try JobStatus.outputFolders([root]) {
            for (id, n) in try OutputContents(OutputLayout(root: folder)).appearances { appearances[id, default: 0] += n }
        }
        #expect(Set(appearances.keys) == Set(ids), "every ID of the union settled")
        #expect(appearances.values.allSatisfy { $0 == 1 }, "no ID in two shards' files, none twice in one")

        let status = try JobStatus.load([root])
        #expect(status.folders.count == count)
        #expect(status.total.inputIDs == ids.count)
        #expect(status.total.records + status.total.errorCount == ids.count)
        #expect(status.total.remaining == 0)
        #expect(status.folders.map(\.shard) == (0..<count).map { "\($0)/\(count)" })
        try? FileManager.default.removeItem(atPath: root)
    }
}
