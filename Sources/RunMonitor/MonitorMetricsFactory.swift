import CoreMetrics
import Prometheus

/// A swift-metrics backend that hands every update to Prometheus and keeps the latest values in a
/// `MetricStore` for the dashboard.
package struct MonitorMetricsFactory: MetricsFactory {
    /// What `/metrics` emits.
    package let registry: PrometheusCollectorRegistry
    package let store: MetricStore
    private let prometheus: PrometheusMetricsFactory

    package init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        store = MetricStore()
        var prometheus = PrometheusMetricsFactory(registry: registry)
        // Request latencies against a loopback mock are well under the default 5 ms first bucket.
        prometheus.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
            .seconds(5), .seconds(10),
        ]
        self.prometheus = prometheus
    }

    package func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        let cell = AtomicInteger()
        store.register(label, dimensions, .counter(cell))
        return TeeCounter(prometheus.makeCounter(label: label, dimensions: dimensions), cell)
    }

    package func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        let cell = AtomicDouble()
        store.register(label, dimensions, .gauge(cell))
        return TeeFloatingPointCounter(prometheus.makeFloatingPointCounter(label: label, dimensions: dimensions), cell)
    }

    package func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        let cell = AtomicDouble()
        store.register(label, dimensions, .gauge(cell))
        return TeeMeter(prometheus.makeMeter(label: label, dimensions: dimensions), cell)
    }

    package func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        let cell = AtomicDouble()
        // An aggregating recorder is a histogram in Prometheus; the dashboard shows its latest value.
        store.register(label, dimensions, .gauge(cell))
        return TeeRecorder(prometheus.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate), cell)
    }

    package func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let histogram = LatencyHistogram()
        store.register(label, dimensions, .timer(histogram))
        return TeeTimer(prometheus.makeTimer(label: label, dimensions: dimensions), histogram)
    }

    // A run's instruments live as long as the process; Prometheus forgets destroyed ones, the dashboard keeps
    // their last values.
    package func destroyCounter(_ handler: any CounterHandler) { (handler as? TeeCounter).map { prometheus.destroyCounter($0.next) } }
    package func destroyMeter(_ handler: any MeterHandler) { (handler as? TeeMeter).map { prometheus.destroyMeter($0.next) } }
    package func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        (handler as? TeeFloatingPointCounter).map { prometheus.destroyFloatingPointCounter($0.next) }
    }
    package func destroyRecorder(_ handler: any RecorderHandler) { (handler as? TeeRecorder).map { prometheus.destroyRecorder($0.next) } }
    package func destroyTimer(_ handler: any TimerHandler) { (handler as? TeeTimer).map { prometheus.destroyTimer($0.next) } }
}

final class TeeCounter: CounterHandler {
    let next: any CounterHandler
    let cell: AtomicInteger
    init(_ next: any CounterHandler, _ cell: AtomicInteger) { (self.next, self.cell) = (next, cell) }
    func increment(by amount: Int64) {
        next.increment(by: amount)
        cell.add(amount)
    }
    func reset() {
        next.reset()
        cell.reset()
    }
}

final class TeeFloatingPointCounter: FloatingPointCounterHandler {
    let next: any FloatingPointCounterHandler
    let cell: AtomicDouble
    init(_ next: any FloatingPointCounterHandler, _ cell: AtomicDouble) { (self.next, self.cell) = (next, cell) }
    func increment(by amount: Double) {
        next.increment(by: amount)
        cell.add(amount)
    }
    func reset() {
        next.reset()
        cell.set(0)
    }
}

final class TeeMeter: MeterHandler {
    let next: any MeterHandler
    let cell: AtomicDouble
    init(_ next: any MeterHandler, _ cell: AtomicDouble) { (self.next, self.cell) = (next, cell) }
    func set(_ value: Int64) { set(Double(value)) }
    func set(_ value: Double) {
        next.set(value)
        cell.set(value)
    }
    func increment(by amount: Double) {
        next.increment(by: amount)
        cell.add(amount)
    }
    func decrement(by amount: Double) {
        next.decrement(by: amount)
        cell.add(-amount)
    }
}

final class TeeRecorder: RecorderHandler {
    let next: any RecorderHandler
    let cell: AtomicDouble
    init(_ next: any RecorderHandler, _ cell: AtomicDouble) { (self.next, self.cell) = (next, cell) }
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        next.record(value)
        cell.set(value)
    }
}

final class TeeTimer: TimerHandler {
    let next: any TimerHandler
    let histogram: LatencyHistogram
    init(_ next: any TimerHandler, _ histogram: LatencyHistogram) { (self.next, self.histogram) = (next, histogram) }
    func recordNanoseconds(_ duration: Int64) {
        next.recordNanoseconds(duration)
        histogram.record(nanoseconds: duration)
    }
}
