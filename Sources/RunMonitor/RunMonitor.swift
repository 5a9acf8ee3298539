import CoreMetrics
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import TikiJSON

/// Serves a run's Prometheus metrics at `/metrics`, a live dashboard at `/` and its data at `/status`, on one
/// port, while the job records its metrics through swift-metrics.
///
/// To monitor a command: `let monitor = try await RunMonitor.start(configuration)` before the job creates its
/// instruments (they bind to the backend bootstrapped here), then `await monitor.shutdown()` when it is over.
package final class RunMonitor: Sendable {
    /// The counter `rowsDone(_:)` adds to.
    package static let rowsLoadedCounter = "tiki_rows_loaded_total"

    package let configuration: RunMonitorConfiguration
    /// `http://host:port`.
    package let url: String
    /// The backend whose instruments this monitor shows.
    package let factory: MonitorMetricsFactory
    private let started = ContinuousClock.now
    private let state = Mutex(State())
    private let services: ServiceGroup
    private let serverTask: Task<Void, Never>
    private let samplerTask = Mutex<Task<Void, Never>?>(nil)
    /// Made on the first `rowsDone`, so jobs that load nothing do not export a zero for it.
    private let rowsLoaded = Mutex<Counter?>(nil)

    private struct State {
        var history: [(Double, Int64)] = []
        var finishedAt: Double?
        var total: Int64?
        var currentFile: String?
        var currentFileSource: (@Sendable () -> String?)?
    }

    /// The process-wide backend, bootstrapped into swift-metrics on first use (swift-metrics allows one).
    private static let processFactory = Mutex<MonitorMetricsFactory?>(nil)

    /// The backend every `Counter`, `Timer`, … created from now on reports to.
    package static func bootstrappedFactory() -> MonitorMetricsFactory {
        processFactory.withLock { factory in
            if let factory { return factory }
            let made = MonitorMetricsFactory()
            MetricsSystem.bootstrap(made)
            factory = made
            return made
        }
    }

    /// Starts serving; `factory` defaults to the process-wide one (tests pass their own).
    package static func start(_ configuration: RunMonitorConfiguration, factory: MonitorMetricsFactory? = nil) async throws
        -> RunMonitor
    {
        let factory = factory ?? bootstrappedFactory()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let failure = Mutex<String?>(nil)
        let box = MonitorBox()
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: factory.registry.emitToBuffer())))
        }
        router.get("/status") { _, _ in
            let bytes = box.monitor.map { JSONWriter.encode($0.status.json) } ?? Array("{}".utf8)
            return Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "tiki-monitor"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Self.quietLogger)
        var groupConfiguration = ServiceGroupConfiguration(services: [app], logger: Self.quietLogger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(2)
        let services = ServiceGroup(configuration: groupConfiguration)
        let serverTask = Task {
            do { try await services.run() } catch { failure.withLock { $0 = "\(error)" } }
            continuation.finish()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            let reason = failure.withLock { $0 } ?? "the server stopped"
            throw MonitorError(message: "cannot serve metrics on \(configuration.host):\(configuration.port): \(reason)")
        }
        let monitor = RunMonitor(
            configuration: configuration, url: "http://\(configuration.host):\(port)", factory: factory, services: services,
            serverTask: serverTask)
        box.monitor = monitor
        monitor.startSampling()
        return monitor
    }

    /// The one-call start for a loading job: the load preset, `total` rows to load.
    package static func start(host: String = "127.0.0.1", port: Int, total: Int?, factory: MonitorMetricsFactory? = nil)
        async throws -> RunMonitor
    {
        let monitor = try await start(.load(host: host, port: port), factory: factory)
        if let total { monitor.setTotal(total) }
        return monitor
    }

    private init(
        configuration: RunMonitorConfiguration, url: String, factory: MonitorMetricsFactory, services: ServiceGroup,
        serverTask: Task<Void, Never>
    ) {
        self.configuration = configuration
        self.url = url
        self.factory = factory
        self.services = services
        self.serverTask = serverTask
    }

    /// Adds `n` rows to `tiki_rows_loaded_total`.
    package func rowsDone(_ n: Int) {
        let counter = rowsLoaded.withLock { counter in
            if let counter { return counter }
            let made = Counter(label: Self.rowsLoadedCounter, factory: factory)
            counter = made
            return made
        }
        counter.increment(by: n)
    }

    /// The work to do, when no `totalGauge` reports it.
    package func setTotal(_ n: Int) { state.withLock { $0.total = Int64(n) } }

    /// The file the job is on now.
    package func setCurrentFile(_ path: String?) { state.withLock { $0.currentFile = path } }

    /// Asks `source` for the current file whenever the dashboard asks, instead of being told each time.
    package func setCurrentFileSource(_ source: @escaping @Sendable () -> String?) {
        state.withLock { $0.currentFileSource = source }
    }

    /// Marks the run over: the page shows it finished, with its final numbers.
    package func finish() {
        let now = elapsed
        sample()
        state.withLock { $0.finishedAt = $0.finishedAt ?? now }
    }

    /// Finishes the run, keeps serving `linger` seconds (a last scrape, the page's last refresh), then stops.
    package func shutdown(linger: Double = 0) async {
        finish()
        if linger > 0 { try? await Task.sleep(for: .milliseconds(Int64(linger * 1000))) }
        samplerTask.withLock { $0?.cancel() }
        await services.triggerGracefulShutdown()
        await serverTask.value
    }

    private var elapsed: Double { (ContinuousClock.now - started) / .seconds(1) }

    private func startSampling() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                guard let self else { return }
                self.sample()
            }
        }
        samplerTask.withLock { $0 = task }
    }

    /// Adds one point to the chart's history; the oldest go when it is full.
    private func sample() {
        let point = (elapsed, factory.store.counterSum(configuration.throughputCounter))
        state.withLock { s in
            guard s.finishedAt == nil else { return }
            s.history.append(point)
            if s.history.count > configuration.historyLength { s.history.removeFirst(s.history.count - configuration.historyLength) }
        }
    }

    /// The run now, as `/status` serves it.
    package var status: RunStatus {
        let store = factory.store
        let (history, finishedAt, explicitTotal, file, fileSource) = state.withLock {
            ($0.history, $0.finishedAt, $0.total, $0.currentFile, $0.currentFileSource)
        }
        let elapsed = finishedAt ?? self.elapsed
        let throughput = store.counterSum(configuration.throughputCounter)
        // The pace of the last five seconds; the last sample against the current count while the run goes on.
        var recent = 0.0
        if let last = history.last {
            let reference = history.count > 5 ? history[history.count - 6] : history[0]
            let end = finishedAt == nil ? (elapsed, throughput) : last
            if end.0 > reference.0 { recent = Double(end.1 - reference.1) / (end.0 - reference.0) }
        }
        // A run shorter than a sample has no recent pace; its whole pace is the best there is.
        if history.count < 2, elapsed > 0 { recent = Double(throughput) / elapsed }
        let total = explicitTotal ?? configuration.totalGauge.flatMap { store.gauge($0) }.map { Int64($0) }
        return RunStatus(
            label: configuration.label, unit: configuration.unit, throughputUnit: configuration.throughputUnit,
            finished: finishedAt != nil, elapsed: elapsed,
            done: configuration.doneCounters.reduce(0) { $0 + store.counterSum($1) }, total: total,
            recentThroughput: recent, throughputTotal: throughput, history: history,
            currentFile: fileSource?() ?? file, entries: store.all)
    }

    private static var quietLogger: Logger {
        var quiet = Logger(label: "tiki.monitor", factory: { _ in SwiftLogNoOpLogHandler() })
        quiet.logLevel = .critical
        return quiet
    }
}

/// The routes are made before the monitor they report on; they find it here.
private final class MonitorBox: Sendable {
    private let stored = Mutex<RunMonitor?>(nil)
    var monitor: RunMonitor? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

