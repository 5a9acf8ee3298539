import ArgumentParser
import Metrics
import RunMonitor
import Synchronization
import TikiIngest

/// `--metrics-port` and its companions, shared by the commands that can be monitored.
struct MonitorOptions: ParsableArguments {
    @Option(help: "Serve Prometheus metrics at /metrics and a live dashboard at / on this port (0: a free one).")
    var metricsPort: Int?
    @Option(help: "Address the metrics port listens on; anything but loopback exposes the run to the network.")
    var metricsHost = "127.0.0.1"
    @Option(help: "Seconds to keep serving after the run ends, for a last scrape and the dashboard's final numbers.")
    var metricsLinger = 0.0

    func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0...65535, got \(metricsPort)")
        }
        guard metricsLinger >= 0, metricsLinger.isFinite else { throw ValidationError("--metrics-linger must be 0 or more seconds") }
    }

    /// Runs `body` with a monitor serving when `--metrics-port` was given (nil otherwise), then lingers and stops
    /// it, whether `body` returned or threw.
    func monitoring<T: Sendable>(_ preset: RunMonitorConfiguration, _ body: (RunMonitor?) async throws -> T) async throws -> T {
        guard let metricsPort else { return try await body(nil) }
        var configuration = preset
        configuration.host = metricsHost
        configuration.port = metricsPort
        let monitor: RunMonitor
        do { monitor = try await RunMonitor.start(configuration) } catch { throw CommandFailure("\(error)") }
        printError("metrics at \(monitor.url)/metrics, dashboard at \(monitor.url)/")
        let result: Result<T, any Error>
        do { result = .success(try await body(monitor)) } catch { result = .failure(error) }
        await monitor.shutdown(linger: metricsLinger)
        return try result.get()
    }

    /// The dashboard of `ingest` and `retry`: IDs settled out of those to fetch, records per second.
    static func fetching(_ label: String) -> RunMonitorConfiguration {
        RunMonitorConfiguration(
            label: label, unit: "IDs", doneCounters: [IngestMetrics.Name.records, IngestMetrics.Name.errors],
            totalGauge: IngestMetrics.Name.idsToFetch, throughputCounter: IngestMetrics.Name.records, throughputUnit: "records")
    }

    /// The dashboard of `convert`: batch files done out of the inputs, rows per second.
    static let converting = RunMonitorConfiguration(
        label: "convert", unit: "files", doneCounters: [ConvertMetrics.filesName], throughputCounter: ConvertMetrics.rowsName,
        throughputUnit: "rows")
}
