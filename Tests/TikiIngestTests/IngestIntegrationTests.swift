import BatchStore
import Foundation
import Logging
import MockTikiAPI
import SeededRandom
import Testing
import TikiJSON
import TikiSchema
@testable import TikiIngest

/// Client settings that make every fault cheap to live through in a test.
func fastConfiguration(batchSize: Int, maxRetries: Int = 8) -> IngestConfiguration {
    var c = IngestConfiguration()
    c.http.concurrency = 16
    // Under the mock's 1.5 s hold, so its timeout faults are timeouts, and far over a real answer's latency even
    // on a loaded 2-core machine, so a slow answer is not taken for one.
    c.http.timeout = 1.0
    c.http.readTimeout = 1.0
    c.retry = RetryPolicy(maxRetries: maxRetries, baseDelay: 0.005, maxDelay: 0.05, retryAfterCap: 0.02)
    c.batchSize = batchSize
    c.stopGracePeriod = 2
    return c
}

func mockConfiguration(_ faults: FaultProfile, seed: UInt64) -> MockServerConfiguration {
    var m = MockServerConfiguration()
    m.faults = faults
    m.seed = seed
    m.timeoutHoldSeconds = 1.5
    return m
}

let everyFault = FaultProfile(
    notFoundRate: 0.03, rateLimitRate: 0.06, serverErrorRate: 0.05, captchaRate: 0.03, softBlockRate: 0.03, timeoutRate: 0.01)

func syntheticIDs(_ count: Int, seed: UInt64) -> [Int64] {
    SyntheticProductIDs.generate(count: count, seed: seed)
}

func temporaryOutput() -> String {
    NSTemporaryDirectory() + "tiki-ingest-" + UUID().uuidString
}

/// Every file of an output folder, read back.
struct OutputContents {
    var recordsByID: [Int64: [JSONValue]] = [:]
    var errorsByID: [Int64: [ErrorEntry]] = [:]
    var fileSizes: [String: Int] = [:]

    init(_ layout: OutputLayout) throws {
        for series in [OutputLayout.Series.products, .retryProducts] {
            for file in layout.existingFiles(series) {
                let records = try BatchFile.read(file.path)
                fileSizes[file.path] = records.count
                for r in records { recordsByID[r["id"]!.int64Value!, default: []].append(r) }
            }
        }
        for series in [OutputLayout.Series.errors, .retryErrors] {
            for file in layout.existingFiles(series) {
                let entries = try BatchFile.read(file.path)
                fileSizes[file.path] = entries.count
                for e in entries.compactMap(ErrorEntry.init(json:)) { errorsByID[e.id, default: []].append(e) }
            }
        }
    }

    /// Each ID with how many times it appears across records and errors.
    var appearances: [Int64: Int] {
        var counts: [Int64: Int] = [:]
        for (id, r) in recordsByID { counts[id, default: 0] += r.count }
        for (id, e) in errorsByID { counts[id, default: 0] += e.count }
        return counts
    }
}

func silentLogger() -> Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}

@Suite(.serialized) struct IngestIntegrationTests {
    @Test func everyFaultOnEveryIDAccountedForExactlyOnce() async throws {
        let ids = syntheticIDs(3000, seed: 11)
        let out = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let batchSize = 250
        let seed: UInt64 = 7
        try await MockTikiServer.withRunningServer(mockConfiguration(everyFault, seed: seed)) { server, url in
            var configuration = fastConfiguration(batchSize: batchSize)
            configuration.http.baseURL = url
            let job = IngestJob(configuration: configuration, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
            let summary = try await job.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest())
            #expect(summary.interrupted == false)

            let counters = server.counts
            #expect(counters.rateLimited > 0 && counters.serverErrors > 0 && counters.captchas > 0)
            #expect(counters.softBlocks > 0 && counters.timeouts > 0 && counters.notFound > 0)

            let contents = try OutputContents(OutputLayout(root: out))
            #expect(Set(contents.appearances.keys) == Set(ids))
            #expect(contents.appearances.values.allSatisfy { $0 == 1 })

            let removed = Set(ids.filter { MockDecision.decide(id: $0, attempt: 1, seed: seed, faults: everyFault) == .notFound })
            #expect(!removed.isEmpty)
            #expect(Set(contents.errorsByID.keys) == removed, "transient faults all ended as products")
            for (id, entries) in contents.errorsByID {
                #expect(entries[0].error == "not_found")
                #expect(entries[0].status == 404)
                // A 404 is final: no request follows it (one before it may have timed out on a loaded machine).
                #expect(server.attemptCount(for: id) == entries[0].attempts, "a 404 is not fetched again")
            }
            #expect(contents.fileSizes.values.allSatisfy { $0 > 0 && $0 <= batchSize })
            for (_, records) in contents.recordsByID {
                #expect(records[0].objectValue?.keys == Schema.tikiProduct.fieldNames)
            }
            #expect(summary.report.counts[.ok] == ids.count - removed.count)
            #expect(summary.report.retries > 0)
            // Any encoder writes the report file's members (Foundation's in an order of its own, and 2.0 as 2).
            func numbers(_ v: JSONValue) -> JSONValue {
                switch v {
                case .int(let i): .double(Double(i))
                case .array(let elements): .array(elements.map(numbers))
                case .object(let o):
                    .object(JSONObject(keys: o.keys.sorted(), values: o.keys.sorted().map { numbers(o[$0]!) }))
                default: v
                }
            }
            let encoded = try numbers(JSONParser.parse(Array(JSONEncoder().encode(summary.report))))
            #expect(encoded == numbers(summary.report.json))
            #expect(try numbers(JSONParser.parse(FileBytes.read(OutputLayout(root: out).runReport))) == encoded)
        }
    }

    @Test func interruptedRunResumesWithoutRefetchingOrDuplicating() async throws {
        let ids = syntheticIDs(2000, seed: 12)
        let out = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let layout = OutputLayout(root: out)
        var mock = mockConfiguration(.realistic, seed: 3)
        mock.latencyMilliseconds = 2
        try await MockTikiServer.withRunningServer(mock) { server, url in
            var configuration = fastConfiguration(batchSize: 100)
            configuration.http.baseURL = url
            let job = IngestJob(configuration: configuration, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
            let stop = StopRequest()
            let firstRun = Task { try await job.run(ProductIDList(path: "ids", ids: ids), stop: stop) }
            // Bounded: a first run that fails early must fail the test, not hang it.
            let deadline = ContinuousClock.now + .seconds(60)
            while layout.existingFiles(.products).count < 3 {
                guard ContinuousClock.now < deadline else {
                    Issue.record("the first run wrote fewer than 3 batch files in 60 s")
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            stop.request()
            let first = try await firstRun.value
            #expect(first.interrupted)

            let afterFirst = try OutputContents(layout)
            #expect(afterFirst.appearances.values.allSatisfy { $0 == 1 })
            let settledFirst = Set(afterFirst.appearances.keys)
            #expect(settledFirst.count < ids.count)
            let attemptsAfterFirst = Dictionary(uniqueKeysWithValues: settledFirst.map { ($0, server.attemptCount(for: $0)) })

            let second = try await job.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest())
            #expect(!second.interrupted)
            #expect(second.report.input.alreadyDone == settledFirst.count)
            let final = try OutputContents(layout)
            #expect(Set(final.appearances.keys) == Set(ids))
            #expect(final.appearances.values.allSatisfy { $0 == 1 })
            for id in settledFirst {
                #expect(server.attemptCount(for: id) == attemptsAfterFirst[id], "settled IDs are not fetched again")
            }
            let numbers = layout.existingFiles(.products).map(\.number)
            #expect(numbers == Array(1...numbers.count), "file numbers continue without gaps")
        }
    }

    @Test func restartDiscardsEarlierOutputs() async throws {
        let ids = syntheticIDs(300, seed: 13)
        let out = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await MockTikiServer.withRunningServer(mockConfiguration(.noFaults, seed: 1)) { server, url in
            var configuration = fastConfiguration(batchSize: 100)
            configuration.http.baseURL = url
            var job = IngestJob(configuration: configuration, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
            _ = try await job.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest())
            job.restart = true
            let again = try await job.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest())
            #expect(again.report.input.alreadyDone == 0)
            #expect(server.counts.requests == 600)
            let contents = try OutputContents(OutputLayout(root: out))
            #expect(contents.appearances.values.allSatisfy { $0 == 1 })
            #expect(contents.appearances.count == 300)
        }
    }

    @Test func retryStageSettlesTransientErrorsAndSupersedesTheirEntries() async throws {
        let ids = syntheticIDs(1500, seed: 14)
        let out = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let layout = OutputLayout(root: out)
        let faults = FaultProfile(notFoundRate: 0.04, rateLimitRate: 0.05, serverErrorRate: 0.05, captchaRate: 0.02, softBlockRate: 0.02)
        try await MockTikiServer.withRunningServer(mockConfiguration(faults, seed: 5)) { server, url in
            var noRetries = fastConfiguration(batchSize: 200, maxRetries: 0)
            noRetries.http.baseURL = url
            let ingest = IngestJob(configuration: noRetries, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
            _ = try await ingest.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest())
            let before = try OutputContents(layout)
            let transient = Set(before.errorsByID.filter { $0.value[0].error != "not_found" }.keys)
            let removed = Set(before.errorsByID.filter { $0.value[0].error == "not_found" }.keys)
            #expect(transient.count > 50)
            #expect(!removed.isEmpty)

            var withRetries = fastConfiguration(batchSize: 200)
            withRetries.http.baseURL = url
            let retry = RetryJob(configuration: withRetries, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
            let summary = try await retry.run(stop: StopRequest())
            #expect(summary.counts[.ok] == transient.count)

            let after = try OutputContents(layout)
            #expect(Set(after.appearances.keys) == Set(ids))
            #expect(after.appearances.values.allSatisfy { $0 == 1 }, "no ID is counted twice")
            #expect(Set(after.errorsByID.keys) == removed, "only the permanent failures are left")
            #expect(!layout.existingFiles(.retryProducts).isEmpty)
            for id in removed { #expect(server.attemptCount(for: id) == 1, "permanent failures are not retried without --all") }
            #expect(FileManager.default.fileExists(atPath: layout.retryReport))
        }
    }

    /// An ID that fails again in `retry` keeps one error entry, whose `attempts` counts every run's attempts.
    @Test func errorEntriesCountTheAttemptsOfEveryRun() async throws {
        let ids = syntheticIDs(300, seed: 15)
        let out = temporaryOutput()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let layout = OutputLayout(root: out)
        try await MockTikiServer.withRunningServer(mockConfiguration(FaultProfile(notFoundRate: 0.1), seed: 6)) { server, url in
            var configuration = fastConfiguration(batchSize: 100)
            configuration.http.baseURL = url
            let ingest = IngestJob(configuration: configuration, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
            _ = try await ingest.run(ProductIDList(path: "ids", ids: ids), stop: StopRequest())
            let missing = try OutputContents(layout).errorsByID.filter { $0.value[0].error == "not_found" }
            #expect(missing.count > 10)
            #expect(missing.values.allSatisfy { $0.count == 1 && $0[0].attempts == 1 })

            for run in 2...3 {
                var retry = RetryJob(configuration: configuration, schema: .tikiProduct, outputDirectory: out, logger: silentLogger())
                retry.includePermanent = true
                _ = try await retry.run(stop: StopRequest())
                let after = try OutputContents(layout).errorsByID
                #expect(Set(after.keys) == Set(missing.keys))
                for id in missing.keys {
                    #expect(after[id]?.count == 1, "one entry for \(id)")
                    #expect(after[id]?.first?.attempts == run, "attempts of \(id) after run \(run)")
                    #expect(server.attemptCount(for: id) == run)
                }
            }
        }
    }
}
