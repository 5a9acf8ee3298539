import ArgumentParser
import BatchStore
import Foundation
import Logging
import MockTikiAPI
import TikiIngest
import TikiSchema

/// The options `ingest` and `retry` share: where to fetch from and how.
struct FetchOptions: ParsableArguments {
    @Option(help: "Products endpoint; the client appends /{id}. [default: https://api.tiki.vn/product-detail/api/v1/products]")
    var baseURL: String?
    @Flag(help: "Start the mock API in-process and fetch from it (offline).") var mock = false
    @Option(help: "With --mock: fault profile none, realistic or heavy.") var mockFaults = "realistic"
    @Option(help: "With --mock: latency added to every response, in milliseconds.") var mockLatencyMs = 0
    @Option(help: "With --mock: seed of documents and faults.") var mockSeed: UInt64 = 0
    @Option(help: "With --mock: a firewall allowing this many requests per second (0: none).") var mockAllowRps = 0.0
    @Option(help: "With --mock: the firewall's burst.") var mockBurst = 20
    @Option(help: "With --mock: how the firewall refuses: 429, captcha or mixed.")
    var mockThrottleResponse = ThrottleResponse.tooManyRequests
    @Option(help: "With --mock: seconds over the limit before the firewall bans (0: never).") var mockBanAfter = 0.0
    @Option(parsing: .unconditional, help: "Most requests in flight. [default: \(IngestConfiguration().http.concurrency)]") var concurrency: Int?
    @Option(parsing: .unconditional, help: "Seconds a whole request may take, body included; also the body read timeout. [default: 5]") var timeout: Double?
    @Option(parsing: .unconditional, help: "Retries of a transient failure. [default: 3]") var maxRetries: Int?
    @Option(parsing: .unconditional, help: "Records per batch file. [default: 1000]") var batchSize: Int?
    @Option(help: "Schema file that records are projected through. [default: schemas/tiki-product.json]") var schema: String?
    @Option(parsing: .unconditional, help: "Ceiling of the adaptive request rate, or the fixed rate with --adaptive off (0: none). [default: 0]")
    var maxRps: Double?
    @Option(help: "Find the allowed request rate from the server's answers (on), or keep --max-rps fixed (off). [default: on]")
    var adaptive: Switch?
    @Option(help: "Give up after this long without a successful response while the server refuses us (90s, 30m, 1h). [default: 30m]")
    var giveUpAfter: String?
    @Option(parsing: .unconditional, help: "Backoff base in seconds (full jitter, doubling per retry). [default: 0.5]") var backoffBase: Double?
    @Option(parsing: .unconditional, help: "Backoff cap in seconds. [default: 30]") var backoffCap: Double?
    @Option(parsing: .unconditional, help: "Longest Retry-After honoured, in seconds. [default: 60]") var retryAfterCap: Double?
    @Option(help: "User-Agent header.") var userAgent: String?
    @Option(name: .customLong("header"), help: "Extra request header \"Name: value\" (repeatable).") var headers: [String] = []
    @Option(help: "JSON configuration file (keys: \(IngestConfiguration.keys.joined(separator: ", "))).") var config: String?
    @Option(help: "Log file.") var logFile = "logs/pipeline.log"

    /// defaults ← --config ← TIKI_* ← flags.
    func configuration() throws -> IngestConfiguration {
        var c = IngestConfiguration()
        do {
            if let config { try c.apply(file: config) }
            try c.apply(environment: ProcessInfo.processInfo.environment)
            let flags: [(String, String?)] = [
                ("base_url", baseURL), ("concurrency", concurrency.map(String.init)), ("timeout", timeout.map { "\($0)" }),
                ("read_timeout", timeout.map { "\($0)" }), ("max_retries", maxRetries.map(String.init)),
                ("batch_size", batchSize.map(String.init)), ("schema", schema), ("max_rps", maxRps.map { "\($0)" }),
                ("backoff_base", backoffBase.map { "\($0)" }), ("backoff_cap", backoffCap.map { "\($0)" }),
                ("retry_after_cap", retryAfterCap.map { "\($0)" }), ("user_agent", userAgent),
                ("adaptive", adaptive?.rawValue), ("give_up_after", giveUpAfter),
            ]
            for case (let key, let value?) in flags { try c.set(key, text: value, source: "flag --\(key.replacingOccurrences(of: "_", with: "-"))") }
            for header in headers {
                guard let colon = header.firstIndex(of: ":") else {
                    throw ValidationError("--header must be \"Name: value\", got \"\(header)\"")
                }
                let name = header[..<colon].trimmingCharacters(in: .whitespaces)
                let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                try c.set("headers", to: .object(.init(keys: [name], values: [.string(value)])), source: "flag --header")
            }
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
        return c
    }

    func loadSchema(_ configuration: IngestConfiguration) throws -> Schema {
        guard let path = configuration.schemaPath else { return .tikiProduct }
        let schema: Schema
        do { schema = try Schema.load(contentsOf: path) } catch { throw CommandFailure(error.description) }
        if let problem = schema.keyProblem { throw CommandFailure("\(path): \(problem)") }
        return schema
    }

    func mockConfiguration() throws -> MockServerConfiguration {
        guard let faults = FaultProfile.named(mockFaults) else {
            throw ValidationError("--mock-faults must be none, realistic or heavy, got \(mockFaults)")
        }
        var m = MockServerConfiguration()
        m.faults = faults
        m.latencyMilliseconds = mockLatencyMs
        m.seed = mockSeed
        m.throttle = try ThrottleOptions.settings(
            allowRps: mockAllowRps, burst: mockBurst, response: mockThrottleResponse, retryAfter: nil, banAfter: mockBanAfter,
            banDuration: 60)
        return m
    }

    /// Runs a fetching job: builds configuration, schema and logger, handles Ctrl-C, points the job at the real
    /// API or the in-process mock, prints its summary and exits 130 if it was interrupted.
    func runJob(
        label: String, _ job: @Sendable @escaping (IngestConfiguration, Schema, Logger, StopRequest) async throws -> IngestSummary
    ) async throws {
        let configuration = try configuration()
        let schema = try loadSchema(configuration)
        let logger = makeLogger(label: label, logFile: logFile)
        let stop = StopRequest()
        let interrupts = StopSignals(again: "interrupted again: exiting now") { signal in
            if signal == .interrupt {
                printError("\ninterrupt: finishing requests in flight and flushing the batch (Ctrl-C again to quit now)")
            }
            stop.request()
        }
        defer { interrupts.cancel() }
        let summary = try await withEndpoint(configuration, logger: logger) { try await job($0, schema, logger, stop) }
        print(summary.line)
        if summary.interrupted { throw ExitCode(interrupts.exitStatus ?? ExitStatus.interrupted) }
        if let failedFast = summary.failedFast { throw CommandFailure("stopped: \(failedFast)") }
        if let gaveUp = summary.gaveUp {
            printError("error: gave up: \(gaveUp). The IDs it was retrying are in errorfile/ for `tiki-pipeline retry`; "
                + "run the same command again later to resume the rest.")
            throw ExitCode(ExitStatus.transientErrorsLeft)
        }
        let left = summary.counts.filter { $0.key.isTransient }.values.reduce(0, +)
        if left > 0 {
            printError("warning: \(left) ID(s) ended in transient errors; `tiki-pipeline retry` fetches them again")
            throw ExitCode(ExitStatus.transientErrorsLeft)
        }
    }

    /// Runs `body` against the real API, or against an in-process mock with `--mock`.
    func withEndpoint<T: Sendable>(
        _ configuration: IngestConfiguration, logger: Logger, _ body: @Sendable @escaping (IngestConfiguration) async throws -> T
    ) async throws -> T {
        guard mock else { return try await body(configuration) }
        let mockConfiguration = try mockConfiguration()
        return try await MockTikiServer.withRunningServer(mockConfiguration) { _, url in
            var configuration = configuration
            configuration.http.baseURL = url
            logger.info("mock API (faults: \(mockFaults)) listening at \(url)")
            printError("mock API (faults: \(mockFaults)) at \(url)")
            return try await body(configuration)
        }
    }
}

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

/// `on` or `off`.
enum Switch: String, ExpressibleByArgument, CaseIterable {
    case on, off
}

struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Fetch every product of an ID list into JSON batches; resumes where an earlier run stopped.")

    @Option(help: "CSV of product IDs (header `id`, one per line).") var input: String
    @Option(help: "Output folder (jsonfile/, errorfile/, run-report.json).") var out: String
    @Flag(help: "Discard earlier outputs in --out and start over.") var restart = false
    @OptionGroup var sharding: ShardOption
    @OptionGroup var fetch: FetchOptions
    @OptionGroup var monitor: MonitorOptions

    func run() async throws {
        let shard = try sharding.resolve()
        let file: ProductIDList
        do { file = try ProductIDList.read(contentsOf: input) } catch { throw CommandFailure(error.description) }
        if let skipped = file.skippedSummary { printError("warning: \(skipped)") }
        guard !file.ids.isEmpty else { throw CommandFailure("\(input): no product IDs found") }
        let ids = file.filtered(to: shard)
        let (input, out, restart) = (self.input, shard.outputDirectory(under: self.out), self.restart)
        if shard.count > 1 { printError("shard \(shard): \(ids.ids.count) of \(file.ids.count) IDs into \(out)") }
        try await monitor.monitoring(MonitorOptions.fetching("ingest")) { monitor in
        try await fetch.runJob(label: "tiki.ingest") { configuration, schema, logger, stop in
            let statistics = IngestStatistics()
            monitor?.setCurrentFileSource { statistics.lastBatchFile }
            logger.info("ingest \(ids.ids.count) IDs from \(input) into \(out) (tiki-pipeline \(BuildInfo.version), schema \(schema.name))")
            var job = IngestJob(configuration: configuration, schema: schema, outputDirectory: out, logger: logger)
            job.restart = restart
            job.progressMode = ProgressDisplay.automaticMode(interval: configuration.progressInterval)
            let summary = try await job.run(ids, stop: stop, statistics: statistics)
            print("report: \(OutputLayout(root: out).runReport)")
            return summary
        }
        }
    }
}

struct RetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Fetch the IDs of earlier error entries again into retry_NNN.json files.",
        discussion: "Transient failures only, unless --all. Entries that are settled are removed from the older error files.")

    @Option(help: "Output folder of an earlier ingest.") var out: String
    @Flag(help: "Retry permanent failures (not_found, client_error, too_large) too.") var all = false
    @OptionGroup var sharding: ShardOption
    @OptionGroup var fetch: FetchOptions
    @OptionGroup var monitor: MonitorOptions

    func run() async throws {
        let out = try sharding.resolve().outputDirectory(under: self.out)
        guard FileManager.default.fileExists(atPath: OutputLayout(root: out).errorDirectory) else {
            throw CommandFailure("\(out): no errorfile/ folder; run ingest first")
        }
        let all = self.all
        try await monitor.monitoring(MonitorOptions.fetching("retry")) { monitor in
        try await fetch.runJob(label: "tiki.retry") { configuration, schema, logger, stop in
            let statistics = IngestStatistics()
            monitor?.setCurrentFileSource { statistics.lastBatchFile }
            var job = RetryJob(configuration: configuration, schema: schema, outputDirectory: out, logger: logger)
            job.includePermanent = all
            job.progressMode = ProgressDisplay.automaticMode(interval: configuration.progressInterval)
            return try await job.run(stop: stop, statistics: statistics)
        }
        }
    }
}
