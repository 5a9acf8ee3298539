import AsyncHTTPClient
import Hummingbird
import Logging
import MockTikiAPI
import NIOCore
import Testing
import TikiJSON
@testable import TikiIngest

/// What one request to the odd server below comes to, under the test configuration.
///
/// The deadline is generous by default: on a loaded 2-core CI machine a redirect chain or a 2 MB body can take
/// longer than half a second, and only the trickling-body test is about the deadline itself.
private func attempt(
    _ path: String, id: Int64, port: Int, maxBodyBytes: Int = 1 << 20, timeout: Double = 20
) async throws -> AttemptOutcome {
    var configuration = fastConfiguration(batchSize: 10)
    configuration.http.baseURL = "http://127.0.0.1:\(port)/\(path)"
    configuration.http.timeout = timeout
    configuration.http.readTimeout = timeout
    configuration.http.maxBodyBytes = maxBodyBytes
    return try await HTTPClient.withHTTPClient(configuration: ProductFetcher.clientConfiguration(for: configuration)) { client in
        await ProductFetcher(client: client, configuration: configuration).attemptOnce(id).0
    }
}

/// A server with the misbehaviours the mock API does not have: redirects, oversized and trickling bodies.
private func withOddServer(_ body: @Sendable (Int) async throws -> Void) async throws {
    let documents = ProductDocumentFactory(seed: 3)
    let router = Router()
    let json: HTTPFields = [.contentType: "application/json"]
    router.get("/ok/:id") { _, context in
        Response(status: .ok, headers: json, body: .init(byteBuffer: documents.document(id: Int64(context.parameters.get("id")!)!)))
    }
    router.get("/redirect/:id") { _, context in
        Response(status: .found, headers: [.location: "/ok/\(context.parameters.get("id")!)"])
    }
    router.get("/loop/:id") { _, context in
        Response(status: .found, headers: [.location: "/loop/\(context.parameters.get("id")!)"])
    }
    router.get("/big/:id") { _, _ in
        Response(status: .ok, headers: json, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: " "), count: 2 << 20)))
    }
    router.get("/trickle/:id") { _, _ in
        // Each byte comes well within the read timeout; the whole body takes four times the request timeout.
        Response(status: .ok, headers: json, body: .init { writer in
            for _ in 0..<20 {
                try await writer.write(ByteBuffer(string: " "))
                try await Task.sleep(for: .milliseconds(100))
            }
            try await writer.finish(nil)
        })
    }
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    var quiet = Logger(label: "odd-server")
    quiet.logLevel = .critical
    let app = Application(
        router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: quiet)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        try await body(port)
        group.cancelAll()
    }
}

@Suite struct HTTPBehaviourTests {
    @Test func redirectsAreFollowedAndLoopsFailAsClientErrors() async throws {
        try await withOddServer { port in
            guard case .success(let document) = try await attempt("redirect", id: 42, port: port) else {
                Issue.record("a redirect to the document was not followed")
                return
            }
            #expect(document["id"]?.int64Value == 42)
            guard case .failure(let failure) = try await attempt("loop", id: 42, port: port) else {
                Issue.record("a redirect loop succeeded")
                return
            }
            #expect(failure.outcome == .clientError)
        }
    }

    @Test func bodiesOverTheCapFailAsTooLarge() async throws {
        try await withOddServer { port in
            guard case .failure(let failure) = try await attempt("big", id: 7, port: port) else {
                Issue.record("a 2 MB body passed a 1 MB cap")
                return
            }
            #expect(failure.outcome == .tooLarge)
            // Under a larger cap the same body is read whole and judged on its content instead.
            guard case .failure(let underCap) = try await attempt("big", id: 7, port: port, maxBodyBytes: 4 << 20) else {
                Issue.record("2 MB of spaces passed as a product document")
                return
            }
            #expect(underCap.outcome != .tooLarge)
        }
    }

    @Test func aTricklingBodyTimesOutAtTheRequestDeadline() async throws {
        try await withOddServer { port in
            let started = ContinuousClock.now
            guard case .failure(let failure) = try await attempt("trickle", id: 9, port: port, timeout: 0.5) else {
                Issue.record("a body that took 2 s beat a 0.5 s deadline")
                return
            }
            // Read whole, the body would have been judged on its content (not JSON: `blocked`); a timeout means the
            // deadline ended it. How soon is left out: on a loaded 2-core machine the event loop may run seconds late.
            #expect(failure.outcome == .timeout)
            print("trickling body ended after \(ContinuousClock.now - started)")
        }
    }
}
