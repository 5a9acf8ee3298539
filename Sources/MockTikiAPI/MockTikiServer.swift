import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The offline Tiki product API: `GET /product-detail/api/v1/products/{id}`.
package final class MockTikiServer: Sendable {
    package static let productPath = "/product-detail/api/v1/products"

    package let configuration: MockServerConfiguration
    private let factory: ProductDocumentFactory
    private let attempts: Mutex<[Int64: Int]>
    private let counters = Mutex(MockServerCounters())
    private let throttle: MockThrottle

    package init(configuration: MockServerConfiguration) {
        self.configuration = configuration
        factory = ProductDocumentFactory(seed: configuration.seed)
        attempts = Mutex(configuration.attemptsBefore)
        throttle = MockThrottle(settings: configuration.throttle)
    }

    package var counts: MockServerCounters { counters.withLock { $0 } }

    /// How many requests the mock has seen for `id`.
    package func attemptCount(for id: Int64) -> Int { attempts.withLock { $0[id] ?? 0 } }

    /// Runs the server until the surrounding task is cancelled or the process is signalled.
    /// `onListening` receives the bound address once the socket is open.
    package func run(gracefulShutdownSignals: Bool, logger: Logger? = nil, onListening: @escaping @Sendable (String, Int) async -> Void) async throws {
        let app = application(logger: logger, onListening: onListening)
        if gracefulShutdownSignals {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    /// The Hummingbird application serving the routes.
    private func application(logger: Logger?, onListening: @escaping @Sendable (String, Int) async -> Void)
        -> some ApplicationProtocol & Service
    {
        let router = Router()
        router.get("\(Self.productPath)/:id") { [self] request, context in
            try await self.respond(to: context.parameters.get("id") ?? "")
        }
        router.get("/health") { _, _ in "ok" }
        let host = configuration.host
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "tiki-mock"),
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? 0)
            },
            logger: logger ?? Self.quietLogger)
    }

    private static var quietLogger: Logger {
        var quiet = Logger(label: "mock-api")
        quiet.logLevel = .critical
        return quiet
    }

    /// Starts the server on a free port for the duration of `body`, which receives the products base URL.
    ///
    /// The server is stopped gracefully, whether `body` returns or throws: it stops accepting and lets the
    /// responses in flight finish. Cancelling it instead tore down connections in the middle of a response,
    /// and NIO traps on a response writer that was never finished.
    package static func withRunningServer<T: Sendable>(
        _ configuration: MockServerConfiguration, _ body: @Sendable (MockTikiServer, String) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.port = 0
        let server = MockTikiServer(configuration: configuration)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = server.application(logger: nil) { _, port in continuation.yield(port) }
        var group = ServiceGroupConfiguration(services: [app], logger: quietLogger)
        // A `timeout` fault holds its answer for seconds; past this the rest is cancelled.
        group.maximumGracefulShutdownDuration = .seconds(2)
        let services = ServiceGroup(configuration: group)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw MockConfigurationError(message: "the mock server did not start") }
            let result: Result<T, any Error>
            do { result = .success(try await body(server, "http://\(configuration.host):\(port)\(productPath)")) } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }

    func respond(to idText: String) async throws -> Response {
        guard let id = Int64(idText), id > 0 else {
            return Self.json(.badRequest, #"{"error":{"code":400,"message":"invalid product id"}}"#)
        }
        if case .refuse(let response) = throttle.admit() {
            counters.withLock { c in
                c.requests += 1
                c.throttled += 1
            }
            return refusal(response)
        }
        let attempt = attempts.withLock { table -> Int in
            let n = (table[id] ?? 0) + 1
            table[id] = n
            return n
        }
        if configuration.latencyMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(configuration.latencyMilliseconds))
        }
        let decision = MockDecision.decide(id: id, attempt: attempt, seed: configuration.seed, faults: configuration.faults)
        counters.withLock { c in
            c.requests += 1
            switch decision {
            case .document: c.documents += 1
            case .notFound: c.notFound += 1
            case .rateLimited: c.rateLimited += 1
            case .serverError: c.serverErrors += 1
            case .captcha: c.captchas += 1
            case .softBlock: c.softBlocks += 1
            case .timeout: c.timeouts += 1
            }
        }
        switch decision {
        case .document:
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: factory.document(id: id)))
        case .notFound:
            return Self.json(.notFound, ProductDocumentFactory.notFoundBody)
        case .rateLimited(let style):
            var headers: HTTPFields = [.contentType: "application/json"]
            switch style {
            case .seconds: headers[.retryAfter] = String(configuration.retryAfterSeconds)
            case .httpDate: headers[.retryAfter] = Self.httpDate(Date().addingTimeInterval(Double(configuration.retryAfterSeconds)))
            case .absent: break
            }
            return Response(status: .tooManyRequests, headers: headers, body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":429,"message":"Too many requests"}}"#)))
        case .serverError(let status):
            return Self.json(HTTPResponse.Status(code: status), #"{"error":{"code":\#(status),"message":"upstream error"}}"#)
        case .captcha:
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ProductDocumentFactory.captchaPage)))
        case .softBlock:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: factory.softBlockDocument(id: id)))
        case .timeout:
            try await Task.sleep(for: .milliseconds(Int64(configuration.timeoutHoldSeconds * 1000)))
            return Self.json(.gatewayTimeout, #"{"error":{"code":504,"message":"timeout"}}"#)
        }
    }

    /// The firewall's answer, at once: no latency, no document.
    private func refusal(_ response: ThrottleResponse) -> Response {
        switch response {
        case .captcha, .mixed:
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: ProductDocumentFactory.captchaPage)))
        case .tooManyRequests:
            var headers: HTTPFields = [.contentType: "application/json"]
            if let seconds = configuration.throttle.retryAfterSeconds { headers[.retryAfter] = String(seconds) }
            return Response(
                status: .tooManyRequests, headers: headers,
                body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":429,"message":"Too many requests"}}"#)))
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// IMF-fixdate, as `Retry-After` carries it.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
