/// What a monitor serves and how its dashboard reads the run's metrics.
package struct RunMonitorConfiguration: Sendable {
    /// Loopback unless told otherwise: the endpoints have no authentication.
    package var host = "127.0.0.1"
    /// 0 picks a free port.
    package var port = 0
    /// The job, as the page titles it: `ingest`, `retry`, `convert`, `load`.
    package var label = "run"
    /// What `done` and `total` count (`IDs`, `files`, `rows`).
    package var unit = "items"
    /// Counters whose sum is the work done (ingest: records and error entries written).
    package var doneCounters: [String] = []
    /// A gauge holding the work to do, when the job knows it only once it has started (ingest after resume).
    package var totalGauge: String?
    /// The counter charted per second (records, rows).
    package var throughputCounter = ""
    /// What that counter counts, for the chart's caption.
    package var throughputUnit = "records"
    /// Samples of the throughput kept for the chart, one a second.
    package var historyLength = 600

    package init() {}

    /// A job's dashboard: what it is, what its progress counts and which counter is charted.
    package init(
        label: String, unit: String, doneCounters: [String], totalGauge: String? = nil, throughputCounter: String,
        throughputUnit: String
    ) {
        self.label = label
        self.unit = unit
        self.doneCounters = doneCounters
        self.totalGauge = totalGauge
        self.throughputCounter = throughputCounter
        self.throughputUnit = throughputUnit
    }

    /// The preset for a loading job that reports rows through `RunMonitor.rowsDone(_:)`.
    package static func load(host: String = "127.0.0.1", port: Int) -> RunMonitorConfiguration {
        var c = RunMonitorConfiguration(
            label: "load", unit: "rows", doneCounters: [RunMonitor.rowsLoadedCounter],
            throughputCounter: RunMonitor.rowsLoadedCounter, throughputUnit: "rows")
        c.host = host
        c.port = port
        return c
    }
}
