import ArgumentParser
import Foundation
import Logging
import MockTikiAPI
import TikiIngest
import TikiSchema

/// The options `ingest` and `retry` share: where to fetch from and how.
struct FetchOptions: ParsableArguments {
    @Option(help: "Products endpoint; the client appends /{id}. \(shownDefault("base_url"))")
    var baseURL: String?
    @Flag(help: "Start the mock API in-process and fetch from it (offline).") var mock = false
    @Option(help: "With --mock: fault profile.") var mockFaults = FaultProfile.Name.realistic
    @Option(help: "With --mock: latency added to every response, in milliseconds.") var mockLatencyMs = 0
    @Option(help: "With --mock: seed of documents and faults.") var mockSeed: UInt64 = 0
    @Option(help: "With --mock: a firewall allowing this many requests per second (0: none).") var mockAllowRps = 0.0
    @Option(help: "With --mock: the firewall's burst.") var mockBurst = 20
    @Option(help: "With --mock: how the firewall refuses requests over the allowance.")
    var mockThrottleResponse = ThrottleResponse.tooManyRequests
    @Option(help: "With --mock: seconds over the limit before the firewall bans (0: never).") var mockBanAfter = 0.0
    @Option(parsing: .unconditional, help: "Most requests in flight. \(shownDefault("concurrency"))") var concurrency: Int?
    @Option(parsing: .unconditional, help: "Seconds a whole request may take, body included; also the body read timeout. \(shownDefault("timeout"))") var timeout: Double?
    @Option(parsing: .unconditional, help: "Retries of a transient failure. \(shownDefault("max_retries"))") var maxRetries: Int?
    @Option(parsing: .unconditional, help: "Records per batch file. \(shownDefault("batch_size"))") var batchSize: Int?
    @Option(help: "Schema file that records are projected through. [default: the built-in \(Schema.tikiProduct.name) schema]") var schema: String?
    @Option(parsing: .unconditional, help: "Ceiling of the adaptive request rate, or the fixed rate with --adaptive off (0: none). \(shownDefault("max_rps"))")
    var maxRps: Double?
    @Option(help: "Find the allowed request rate from the server's answers (on), or keep --max-rps fixed (off). \(shownDefault("adaptive"))")
    var adaptive: Switch?
    @Option(help: "Give up after this long without a successful response while the server refuses us (90s, 30m, 1h; plain numbers are seconds). \(shownDefault("give_up_after"))")
    var giveUpAfter: String?
    @Option(parsing: .unconditional, help: "Backoff base in seconds (full jitter, doubling per retry). \(shownDefault("backoff_base"))") var backoffBase: Double?
    @Option(parsing: .unconditional, help: "Backoff cap in seconds. \(shownDefault("backoff_cap"))") var backoffCap: Double?
    @Option(parsing: .unconditional, help: "Longest Retry-After honoured, in seconds. \(shownDefault("retry_after_cap"))") var retryAfterCap: Double?
    @Option(help: "User-Agent header.") var userAgent: String?
    @Option(name: .customLong("header"), help: "Extra request header \"Name: value\" (repeatable).") var headers: [String] = []
    @Option(help: "JSON configuration file (keys: \(IngestConfiguration.keys.joined(separator: ", "))).") var config: String?
    @Option(help: "Log file.") var logFile = "logs/pipeline.log"

    /// "[default: …]" for help, from the configuration's own defaults.
    private static func shownDefault(_ key: String) -> String {
        "[default: \(IngestConfiguration.defaultText(key) ?? "?")]"
    }

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

    func mockConfiguration(attemptsBefore: [Int64: Int] = [:]) throws -> MockServerConfiguration {
        var m = MockServerConfiguration()
        m.attemptsBefore = attemptsBefore
        m.faults = mockFaults.profile
        m.latencyMilliseconds = mockLatencyMs
        m.seed = mockSeed
        m.throttle = try ThrottleOptions.settings(
            allowRps: mockAllowRps, burst: mockBurst, response: mockThrottleResponse, retryAfter: nil, banAfter: mockBanAfter,
            banDuration: 60)
        return m
    }

    /// Runs a fetching job: builds configuration, schema and logger, handles Ctrl-C, points the job at the real
    /// API or the in-process mock, prints its summary and exits 130 if it was interrupted. The mock is told the
    /// attempts already made for each ID (`mockAttemptsBefore`).
    func runJob(
        label: String, mockAttemptsBefore: [Int64: Int] = [:],
        _ job: @Sendable @escaping (IngestConfiguration, Schema, Logger, StopRequest) async throws -> IngestSummary
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
        let summary = try await withEndpoint(configuration, mockAttemptsBefore: mockAttemptsBefore, logger: logger) {
            try await job($0, schema, logger, stop)
        }
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
        _ configuration: IngestConfiguration, mockAttemptsBefore: [Int64: Int], logger: Logger,
        _ body: @Sendable @escaping (IngestConfiguration) async throws -> T
    ) async throws -> T {
        guard mock else { return try await body(configuration) }
        let mockConfiguration = try mockConfiguration(attemptsBefore: mockAttemptsBefore)
        return try await MockTikiServer.withRunningServer(mockConfiguration) { _, url in
            var configuration = configuration
            configuration.http.baseURL = url
            logger.info("mock API (faults: \(mockFaults.rawValue)) listening at \(url)")
            printError("mock API (faults: \(mockFaults.rawValue)) at \(url)")
            return try await body(configuration)
        }
    }
}
