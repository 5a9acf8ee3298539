import ArgumentParser
import Foundation
import MockTikiAPI

struct MockAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-api",
        abstract: "Serve synthetic Tiki product documents with latency and fault injection.",
        discussion: """
            Serves GET /product-detail/api/v1/products/{id}. Removed products (404) are decided by ID alone; \
            transient faults by (ID, attempt, seed), so a retry can succeed and runs are reproducible.
            """)

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 picks a free one).") var port = 8080
    @Option(name: .customLong("latency-ms"), help: "Delay added to every response, in milliseconds.") var latencyMs = 0
    @Option(help: "Fault profile to start from; the rate options override it.") var faults = FaultProfile.Name.none
    @Option(help: "Share of IDs that answer 404, permanently.") var notFoundRate: Double?
    @Option(help: "Share of requests answered 429 (Retry-After as seconds, as an HTTP date, or absent).") var rateLimitRate: Double?
    @Option(help: "Share of requests answered 500/502/503/504.") var serverErrorRate: Double?
    @Option(help: "Share of requests answered HTTP 200 with an HTML captcha page.") var captchaRate: Double?
    @Option(help: "Share of requests answered HTTP 200 JSON without name and price.") var softBlockRate: Double?
    @Option(help: "Share of requests held past any sane client timeout.") var timeoutRate: Double?
    @Option(help: "Seconds a timeout fault holds its response.") var timeoutHold = 30.0
    @Option(help: "Seed of documents and faults.") var seed: UInt64 = 0
    @Option(help: "Firewall: requests per second allowed over all clients (0: no firewall).") var allowRps = 0.0
    @Option(help: "Firewall: requests that may pass at once after a quiet spell.") var burst = 20
    @Option(help: "Firewall: how requests over the allowance are refused.")
    var throttleResponse = ThrottleResponse.tooManyRequests
    @Option(help: "Firewall: Retry-After seconds on its 429s (none when not given).") var throttleRetryAfter: Int?
    @Option(help: "Firewall: seconds over the limit after which every request is refused (0: never).") var banAfter = 0.0
    @Option(help: "Firewall: seconds a ban lasts.") var banDuration = 60.0

    func run() async throws {
        let configuration = try makeConfiguration()
        let server = MockTikiServer(configuration: configuration)
        try await server.run(gracefulShutdownSignals: true) { host, port in
            // Written with write(2) so the line is out before anything waits on it, buffered or not.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)\n".utf8))
        }
    }

    func makeConfiguration() throws -> MockServerConfiguration {
        var faults = faults.profile
        if let notFoundRate { faults.notFoundRate = notFoundRate }
        if let rateLimitRate { faults.rateLimitRate = rateLimitRate }
        if let serverErrorRate { faults.serverErrorRate = serverErrorRate }
        if let captchaRate { faults.captchaRate = captchaRate }
        if let softBlockRate { faults.softBlockRate = softBlockRate }
        if let timeoutRate { faults.timeoutRate = timeoutRate }
        do { try faults.validate() } catch { throw ValidationError(error.description) }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must not be negative") }
        var configuration = MockServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.latencyMilliseconds = latencyMs
        configuration.faults = faults
        configuration.seed = seed
        configuration.timeoutHoldSeconds = timeoutHold
        configuration.throttle = try ThrottleOptions.settings(
            allowRps: allowRps, burst: burst, response: throttleResponse, retryAfter: throttleRetryAfter,
            banAfter: banAfter, banDuration: banDuration)
        return configuration
    }
}

extension ThrottleResponse: ExpressibleByArgument {}

extension FaultProfile.Name: ExpressibleByArgument {}
