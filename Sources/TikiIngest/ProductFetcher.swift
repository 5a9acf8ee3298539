import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL
import TikiJSON

/// What `FetchDispatcher` reports about each attempt as it happens.
package protocol FetchObserver: Sendable {
    func attemptFinished(outcome: OutcomeClass, seconds: Double, bodyBytes: Int, willRetry: Bool)
}

/// Fetches product documents with one shared `HTTPClient`: timeouts, size cap, classification. One attempt per
/// call; `FetchDispatcher` decides about retries.
package struct ProductFetcher: Sendable {
    package let client: HTTPClient
    package let configuration: IngestConfiguration
    /// What of each document to build (the classifier's `id`, `name`, `price` and whatever projection reads).
    package let selection: JSONSelection
    private let compiledSelection: CompiledSelection
    private let headers: HTTPHeaders

    package init(client: HTTPClient, configuration: IngestConfiguration, selection: JSONSelection = .all) {
        self.client = client
        self.configuration = configuration
        self.selection = selection
        compiledSelection = selection.compiled()
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: configuration.http.userAgent)
        for (name, value) in configuration.http.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        self.headers = headers
    }

    /// The client configuration that goes with an ingest configuration.
    package static func clientConfiguration(for configuration: IngestConfiguration) -> HTTPClient.Configuration {
        let http = configuration.http
        var client = HTTPClient.Configuration()
        client.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: http.concurrency)
        client.timeout = .init(
            connect: .milliseconds(Int64(http.connectTimeout * 1000)), read: .milliseconds(Int64(http.readTimeout * 1000)))
        client.redirectConfiguration = http.maxRedirects > 0 ? .follow(max: http.maxRedirects, allowCycles: false) : .disallow
        // Accept gzip, but bound what a compressed body may inflate to.
        client.decompression = .enabled(limit: .size(http.maxBodyBytes))
        return client
    }

    /// The URL of one product.
    package func url(for id: Int64) -> String {
        let base = configuration.http.baseURL
        return base.hasSuffix("/") ? "\(base)\(id)" : "\(base)/\(id)"
    }

    /// One request, classified; also returns the body size.
    ///
    /// The body is gathered on the event loop by a size-capped `ResponseAccumulator` and handed over once,
    /// where streaming it into this task cost a hop between threads per chunk (a fifth of the client's CPU);
    /// the deadline covers the whole exchange, so a body that trickles in cannot hold a slot forever.
    package func attemptOnce(_ id: Int64) async -> (outcome: AttemptOutcome, bodyBytes: Int, repairedStrings: Int) {
        do {
            let request = try HTTPClient.Request(url: url(for: id), method: .GET, headers: headers)
            let deadline = NIODeadline.now() + .milliseconds(Int64(configuration.http.timeout * 1000))
            let task = client.execute(
                request: request, delegate: ResponseAccumulator(request: request, maxBodySize: configuration.http.maxBodyBytes),
                deadline: deadline)
            let response = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
            let body = response.body ?? ByteBuffer()
            var repaired = 0
            let outcome = ResponseClassifier.classify(
                status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
                retryAfter: response.headers.first(name: "retry-after"), body: body.readableBytesView, requestedID: id,
                selection: compiledSelection, repairedStrings: &repaired)
            return (outcome, body.readableBytes, repaired)
        } catch {
            return (.failure(Self.classify(error)), 0, 0)
        }
    }

    /// Maps a transport error to its outcome class.
    static func classify(_ error: any Error) -> AttemptFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout, .connectTimeout, .deadlineExceeded, .writeTimeout:
                return AttemptFailure(.timeout, message: "timed out (\(error))")
            case .redirectLimitReached, .redirectCycleDetected:
                return AttemptFailure(.clientError, message: "\(error)")
            default:
                return AttemptFailure(.connection, message: "\(error)")
            }
        }
        if error is NIOTooManyBytesError || error is ResponseAccumulator.ResponseTooBigError {
            return AttemptFailure(.tooLarge, message: "body larger than the size cap")
        }
        if let error = error as? NIOHTTPDecompression.DecompressionError, error == .limit {
            return AttemptFailure(.tooLarge, message: "decompressed body larger than the size cap")
        }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return AttemptFailure(.tls, message: "TLS failed: \(error)")
        }
        if error is CancellationError {
            return AttemptFailure(.connection, message: "cancelled")
        }
        return AttemptFailure(.connection, message: String(describing: error))
    }
}
