import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
@testable import ObjectStore

/// An in-process S3 stand-in for the uploader's unit tests: objects and multipart uploads in memory, path-style
/// addressing, the payload hash checked against the body, and faults on demand. Not a model of S3's
/// semantics beyond what the client relies on.
final class FakeS3Server: Sendable {
    struct Upload {
        var key: String
        var parts: [Int: [UInt8]] = [:]
        var metadata: [String: String]
    }

    struct State {
        var objects: [String: (bytes: [UInt8], metadata: [String: String], etag: String)] = [:]
        var uploads: [String: Upload] = [:]
        var nextUpload = 1
        var requests: [String] = []
        var partsInFlight = 0
        var mostPartsInFlight = 0
        var aborted = 0
        /// Status (and S3 code) returned to the next matching requests: (operation, status, code, times).
        var faults: [(operation: String, status: Int, code: String, times: Int)] = []
        var badHashes = 0
    }

    let state = Mutex(State())
    /// Delay of every part upload, to let parts overlap.
    let partDelay: Duration

    init(partDelay: Duration = .milliseconds(20)) {
        self.partDelay = partDelay
    }

    func inject(_ operation: String, status: Int, code: String, times: Int) {
        state.withLock { $0.faults.append((operation, status, code, times)) }
    }

    private func takeFault(_ operation: String) -> (Int, String)? {
        state.withLock { s in
            guard let i = s.faults.firstIndex(where: { $0.operation == operation && $0.times > 0 }) else { return nil }
            s.faults[i].times -= 1
            return (s.faults[i].status, s.faults[i].code)
        }
    }

    private static func xmlError(_ status: Int, _ code: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/xml"],
            body: .init(byteBuffer: ByteBuffer(string: "<Error><Code>\(code)</Code><Message>fake \(code)</Message><RequestId>FAKE1</RequestId></Error>")))
    }

    private static func md5(_ bytes: [UInt8]) -> String { "\"" + SigV4Signer.hex(Array(Insecure.MD5.hash(data: bytes))) + "\"" }

    func handle(_ request: Request) async throws -> Response {
        let method = request.method.rawValue
        let path = request.uri.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
        let key = path.count > 1 ? String(path[1]).removingPercentEncoding ?? String(path[1]) : ""
        let query = request.uri.queryParameters
        let body = Array(buffer: try await request.body.collect(upTo: 64 << 20))
        let operation: String
        switch (method, query["uploads"] != nil, query["uploadId"] != nil, query["partNumber"] != nil) {
        case ("POST", true, _, _): operation = "create"
        case ("PUT", _, true, true): operation = "part\(query["partNumber"]!)"
        case ("POST", _, true, _): operation = "complete"
        case ("DELETE", _, true, _): operation = "abort"
        case ("PUT", _, _, _): operation = "put"
        case ("HEAD", _, _, _): operation = "head"
        default: operation = "\(method.lowercased())"
        }
        state.withLock { $0.requests.append(operation) }
        guard request.headers[.authorization]?.hasPrefix("AWS4-HMAC-SHA256 Credential=") == true else { return Self.xmlError(403, "AccessDenied") }
        let claimed = request.headers.first { $0.name.canonicalName == "x-amz-content-sha256" }?.value
        if claimed != SigV4Signer.hex(Array(SHA256.hash(data: body))) {
            state.withLock { $0.badHashes += 1 }
            return Self.xmlError(400, "XAmzContentSHA256Mismatch")
        }
        if let (status, code) = takeFault(operation) { return Self.xmlError(status, code) }
        if operation.hasPrefix("part") {
            return try await uploadPart(number: Int(query["partNumber"] ?? ""), uploadID: query["uploadId"].map(String.init), body: body)
        }
        var metadata: [String: String] = [:]
        for field in request.headers where field.name.canonicalName.hasPrefix("x-amz-meta-") {
            metadata[String(field.name.canonicalName.dropFirst(11))] = field.value
        }
        return state.withLock { s -> Response in
            switch operation {
            case "create":
                let id = "upload-\(s.nextUpload)"
                s.nextUpload += 1
                s.uploads[id] = Upload(key: key, metadata: metadata)
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<InitiateMultipartUploadResult><UploadId>\(id)</UploadId></InitiateMultipartUploadResult>")))
            case "complete":
                guard let upload = s.uploads.removeValue(forKey: String(query["uploadId"]!)) else { return Self.xmlError(404, "NoSuchUpload") }
                let numbers = S3XML.values(of: "PartNumber", in: String(decoding: body, as: UTF8.self)[...]).compactMap { Int($0) }
                guard numbers == Array(1...max(1, upload.parts.count)), numbers.count == upload.parts.count else { return Self.xmlError(400, "InvalidPart") }
                let bytes = numbers.flatMap { upload.parts[$0]! }
                s.objects[upload.key] = (bytes, upload.metadata, "\"multipart-\(numbers.count)\"")
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "<CompleteMultipartUploadResult/>")))
            case "abort":
                s.aborted += 1
                return Response(status: s.uploads.removeValue(forKey: String(query["uploadId"]!)) == nil ? .notFound : .noContent)
            case "put":
                let etag = Self.md5(body)
                s.objects[key] = (body, metadata, etag)
                return Response(status: .ok, headers: [.eTag: etag])
            case "head":
                guard let object = s.objects[key] else { return Response(status: .notFound) }
                var headers: HTTPFields = [.eTag: object.etag, .contentLength: String(object.bytes.count)]
                for (name, value) in object.metadata { headers[.init("x-amz-meta-\(name)")!] = value }
                return Response(status: .ok, headers: headers)
            default:
                return Self.xmlError(400, "NotImplemented")
            }
        }
    }

    private func uploadPart(number: Int?, uploadID: String?, body: [UInt8]) async throws -> Response {
        state.withLock { s in
            s.partsInFlight += 1
            s.mostPartsInFlight = max(s.mostPartsInFlight, s.partsInFlight)
        }
        try? await Task.sleep(for: partDelay)
        return state.withLock { s -> Response in
            s.partsInFlight -= 1
            guard let number, let id = uploadID, s.uploads[id] != nil else {
                return Self.xmlError(404, "NoSuchUpload")
            }
            s.uploads[id]!.parts[number] = body
            return Response(status: .ok, headers: [.eTag: Self.md5(body)])
        }
    }

    /// Runs the server on a free loopback port for the duration of `body`, which receives its endpoint.
    static func withServer<T: Sendable>(_ server: FakeS3Server, _ body: @Sendable (S3Endpoint) async throws -> T) async throws -> T {
        let router = Router()
        for method in [HTTPRequest.Method.get, .put, .post, .delete, .head] {
            router.on("**", method: method) { request, _ in try await server.handle(request) }
        }
        var quiet = Logger(label: "fake-s3")
        quiet.logLevel = .critical
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fake-s3"),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: quiet)
        let services = ServiceGroup(configuration: .init(services: [app], logger: quiet))
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let result: Result<T, any Error>
            do { result = .success(try await body(S3Endpoint(scheme: "http", host: "127.0.0.1", port: port, pathStyle: true))) } catch {
                result = .failure(error)
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            return try result.get()
        }
    }
}
