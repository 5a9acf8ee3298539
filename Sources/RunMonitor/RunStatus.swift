import TikiJSON

/// The dashboard's view of a run at one moment, as the JSON `/status` serves.
package struct RunStatus: Sendable {
    package var label: String
    package var unit: String
    package var throughputUnit: String
    package var finished: Bool
    package var elapsed: Double
    package var done: Int64
    package var total: Int64?
    /// Throughput over the last few seconds, per second.
    package var recentThroughput: Double
    package var throughputTotal: Int64
    /// (seconds since start, throughput counter) once a second.
    package var history: [(Double, Int64)]
    package var currentFile: String?
    package var entries: [MetricStore.Entry]

    /// Seconds left at the run's pace so far (a rate limiter's ramp makes the last seconds a poorer guide).
    package var eta: Double? {
        if finished { return 0 }
        guard let total, elapsed > 0, done > 0 else { return nil }
        return Double(max(0, total - done)) / (Double(done) / elapsed)
    }

    package var json: JSONValue {
        var counters = JSONObject()
        var gauges = JSONObject()
        var timers = JSONObject()
        for entry in entries {
            let key = entry.labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
            switch entry.cell {
            case .counter(let cell):
                var byLabels = counters[entry.name]?.objectValue ?? JSONObject()
                byLabels[key] = .int((byLabels[key]?.int64Value ?? 0) + cell.value)
                counters[entry.name] = .object(byLabels)
            case .gauge(let cell):
                guard cell.isSet else { continue }
                gauges[entry.labels.isEmpty ? entry.name : "\(entry.name){\(key)}"] = Self.number(cell.value)
            case .timer(let histogram):
                timers[entry.name] = .object(JSONObject([
                    "count": .int(histogram.count),
                    "p50": histogram.percentile(0.50).map(Self.number) ?? .null,
                    "p95": histogram.percentile(0.95).map(Self.number) ?? .null,
                    "p99": histogram.percentile(0.99).map(Self.number) ?? .null,
                ]))
            }
        }
        return .object(JSONObject([
            "label": .string(label),
            "unit": .string(unit),
            "throughput_unit": .string(throughputUnit),
            "state": .string(finished ? "finished" : "running"),
            "elapsed_seconds": Self.number(elapsed),
            "done": .int(done),
            "total": total.map(JSONValue.int) ?? .null,
            "eta_seconds": eta.map(Self.number) ?? .null,
            "throughput_total": .int(throughputTotal),
            "throughput_per_second": Self.number(recentThroughput),
            "history": .array(history.map { .array([Self.number($0.0), .int($0.1)]) }),
            "current_file": currentFile.map(JSONValue.string) ?? .null,
            "counters": .object(counters),
            "gauges": .object(gauges),
            "timers": .object(timers),
        ]))
    }

    /// JSON has no infinity or NaN: those become null (an unpaced rate).
    static func number(_ value: Double) -> JSONValue {
        value.isFinite ? .double((value * 10_000).rounded() / 10_000) : .null
    }
}
