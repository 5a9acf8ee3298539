import AsyncHTTPClient
import Foundation
import Crypto
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#endif

/// An S3 client over its own AsyncHTTPClient: signed requests, retries with backoff for what is transient,
/// and the few operations a pipeline needs (head, put, multipart, list, delete). Call `shutdown()` when done.
package final class S3Client: Sendable {
    /// How to reach S3 and how hard to try.
    package struct Configuration: Sendable {
        package var endpoint: S3Endpoint
        package var region: String
        /// Attempts of one request, the first included, before a transient failure is reported.
        package var maxAttempts = 5
        /// Full-jitter backoff: a random wait in [0, min(cap, base·2^(attempt−1))] seconds.
        package var backoffBase = 0.25
        package var backoffCap = 8.0
        /// The whole exchange of one request (an 8 MiB part over a slow link included).
        package var requestTimeout = 120.0
        package var connectTimeout = 10.0
        /// Connections kept per host: enough for the parts in flight of a few uploads.
        package var connections = 8

        package init(endpoint: S3Endpoint, region: String) {
            self.endpoint = endpoint
            self.region = region
        }
    }

    package let configuration: Configuration
    private let signer: SigV4Signer
    private let http: HTTPClient

    package init(configuration: Configuration, credentials: AWSCredentials) {
        self.configuration = configuration
        signer = SigV4Signer(credentials: credentials, region: configuration.region, service: "s3")
        var client = HTTPClient.Configuration()
        client.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connections)
        client.timeout = .init(connect: .milliseconds(Int64(configuration.connectTimeout * 1000)))
        client.redirectConfiguration = .disallow
        client.decompression = .disabled
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: client)
    }

    /// Closes the connections; the client is unusable afterwards.
    package func shutdown() async throws {
        try await http.shutdown()
    }

    /// An answer: status, headers and (small) body.
    package struct Response: Sendable {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: String
    }

    /// What a HEAD says about an object.
    package struct ObjectHead: Sendable, Equatable {
        package var size: Int
        package var etag: String
        package var metadata: [String: String]
    }

    // MARK: Operations

    /// nil when the object does not exist.
    package func headObject(_ location: S3Location) async throws(S3Error) -> ObjectHead? {
        let response = try await send(
            "HEAD", location, operation: "HEAD object", acceptingStatus: [404])
        if response.status == 404 { return nil }
        var metadata: [String: String] = [:]
        for header in response.headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst(11))] = header.value
        }
        return ObjectHead(
            size: Int(response.headers.first(name: "content-length") ?? "") ?? -1,
            etag: response.headers.first(name: "etag") ?? "", metadata: metadata)
    }

    /// Stores `body` as one object (visible at once); returns the ETag.
    @discardableResult
    package func putObject(_ location: S3Location, body: ByteBuffer, metadata: [String: String] = [:], contentType: String? = nil) async throws(S3Error) -> String {
        var headers = metadata.sorted { $0.key < $1.key }.map { ("x-amz-meta-\($0.key)", $0.value) }
        if let contentType { headers.append(("content-type", contentType)) }
        let response = try await send("PUT", location, headers: headers, body: body, operation: "PUT object")
        return response.headers.first(name: "etag") ?? ""
    }

    /// Starts a multipart upload; returns its upload ID.
    package func createMultipartUpload(_ location: S3Location, metadata: [String: String] = [:], contentType: String? = nil) async throws(S3Error) -> String {
        var headers = metadata.sorted { $0.key < $1.key }.map { ("x-amz-meta-\($0.key)", $0.value) }
        if let contentType { headers.append(("content-type", contentType)) }
        let response = try await send("POST", location, query: [("uploads", "")], headers: headers, operation: "create multipart upload")
        guard let id = S3XML.value(of: "UploadId", in: response.body), !id.isEmpty else {
            throw S3Error(operation: "create multipart upload", bucket: location.bucket, key: location.key, status: response.status, code: nil, message: "the answer holds no UploadId")
        }
        return id
    }

    /// Uploads part `number` (1-based); returns its ETag, needed to complete.
    package func uploadPart(_ location: S3Location, uploadID: String, number: Int, body: ByteBuffer) async throws(S3Error) -> String {
        let response = try await send(
            "PUT", location, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: body,
            operation: "upload part \(number)")
        guard let etag = response.headers.first(name: "etag") else {
            throw S3Error(operation: "upload part \(number)", bucket: location.bucket, key: location.key, status: response.status, code: nil, message: "the answer holds no ETag")
        }
        return etag
    }

    /// Makes the object visible from its parts, in order.
    package func completeMultipartUpload(_ location: S3Location, uploadID: String, parts: [(number: Int, etag: String)]) async throws(S3Error) {
        var xml = "<CompleteMultipartUpload>"
        for part in parts.sorted(by: { $0.number < $1.number }) {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(S3XML.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let response = try await send(
            "POST", location, query: [("uploadId", uploadID)], headers: [("content-type", "application/xml")],
            body: ByteBuffer(string: xml), operation: "complete multipart upload")
        // S3 can answer 200 and report the failure in the body, after the headers were sent.
        if response.body.contains("<Error>") {
            throw S3Error(operation: "complete multipart upload", bucket: location.bucket, key: location.key, status: response.status, body: response.body)
        }
    }

    /// Discards an upload's parts; an upload already gone (404 NoSuchUpload) counts as aborted.
    package func abortMultipartUpload(_ location: S3Location, uploadID: String) async throws(S3Error) {
        _ = try await send("DELETE", location, query: [("uploadId", uploadID)], operation: "abort multipart upload", acceptingStatus: [404])
    }

    package func deleteObject(_ location: S3Location) async throws(S3Error) {
        _ = try await send("DELETE", location, operation: "DELETE object", acceptingStatus: [404])
    }

    /// Every key under `prefix` with its size (ListObjectsV2, page after page).
    package func listObjects(bucket: String, prefix: String) async throws(S3Error) -> [(key: String, size: Int)] {
        var found: [(String, Int)] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let response = try await send("GET", S3Location(bucket: bucket, key: ""), query: query, operation: "list objects")
            for block in S3XML.blocks(of: "Contents", in: response.body) {
                guard let key = S3XML.values(of: "Key", in: block).first else { continue }
                found.append((key, Int(S3XML.values(of: "Size", in: block).first ?? "") ?? -1))
            }
            token = S3XML.value(of: "IsTruncated", in: response.body) == "true" ? S3XML.value(of: "NextContinuationToken", in: response.body) : nil
        } while token != nil
        return found
    }

    // MARK: Requests

    /// Sends a signed request, retrying what is transient with full-jitter backoff; a status outside 2xx and
    /// `acceptingStatus` is an `S3Error`.
    package func send(
        _ method: String, _ location: S3Location, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: ByteBuffer? = nil, operation: String, acceptingStatus: Set<Int> = []
    ) async throws(S3Error) -> Response {
        let payloadHash = body.map { buffer in
            buffer.withUnsafeReadableBytes { SigV4Signer.hex(SHA256.hash(data: $0)) }
        } ?? SigV4Signer.emptyPayloadHash
        var attempt = 0
        while true {
            attempt += 1
            let failure: S3Error
            do {
                let response = try await sendOnce(method, location, query: query, headers: headers, body: body, payloadHash: payloadHash)
                if (200..<300).contains(response.status) || acceptingStatus.contains(response.status) { return response }
                failure = S3Error(operation: operation, bucket: location.bucket, key: location.key, status: response.status, body: response.body, attempts: attempt)
            } catch is CancellationError {
                throw S3Error(operation: operation, bucket: location.bucket, key: location.key, status: nil, code: nil, message: "cancelled", attempts: attempt)
            } catch {
                failure = S3Error(operation: operation, bucket: location.bucket, key: location.key, status: nil, code: nil, message: Self.describe(error), attempts: attempt)
            }
            guard failure.isRetryable, attempt < configuration.maxAttempts, !Task.isCancelled else { throw failure }
            let ceiling = min(configuration.backoffCap, configuration.backoffBase * Double(1 << min(attempt - 1, 20)))
            let wait = Double.random(in: 0...ceiling)
            do { try await Task.sleep(for: .milliseconds(Int(wait * 1000))) } catch { throw failure }
        }
    }

    private func sendOnce(
        _ method: String, _ location: S3Location, query: [(String, String)], headers: [(String, String)],
        body: ByteBuffer?, payloadHash: String
    ) async throws -> Response {
        let endpoint = configuration.endpoint
        let bucket = location.bucket.isEmpty ? nil : location.bucket
        let host = endpoint.hostHeader(bucket: bucket)
        let rawPath = endpoint.rawPath(bucket: location.bucket, key: location.key)
        var signedHeaders = headers + [("host", host), ("x-amz-content-sha256", payloadHash)]
        let signed = signer.sign(
            method: method, path: rawPath, query: query, headers: signedHeaders, payloadHash: payloadHash, date: .now())
        signedHeaders += signed.headers.map { ($0.name, $0.value) }
        let queryString = SigV4Signer.canonicalQuery(query)
        let url = "\(endpoint.scheme)://\(host)\(signer.canonicalURI(rawPath))\(queryString.isEmpty ? "" : "?" + queryString)"
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in signedHeaders { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(body)
        } else if method == "PUT" || method == "POST" {
            request.headers.add(name: "content-length", value: "0")
        }
        let response = try await http.execute(request, timeout: .milliseconds(Int64(configuration.requestTimeout * 1000)))
        // Error documents are small; a success body (list pages, upload IDs) is a few KB to a MB.
        let buffer = method == "HEAD" ? ByteBuffer() : try await response.body.collect(upTo: 16 << 20)
        return Response(status: Int(response.status.code), headers: response.headers, body: String(buffer: buffer))
    }

    /// A transport error in words (AsyncHTTPClient's descriptions name the cause but not the request).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout: return "timed out"
            case .connectTimeout: return "connection timed out"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return "\(error)"
            }
        }
        return "\(error)"
    }
}
