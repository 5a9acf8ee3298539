import Foundation
import SeededRandom
import NIOCore
import Testing
@testable import ObjectStore

/// The streaming multipart upload, the client's retries and the folder upload, against `FakeS3Server`.
@Suite(.timeLimit(.minutes(2)))
struct S3UploadTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIDTEST", secretAccessKey: "test-secret-never-shown")

    func client(_ endpoint: S3Endpoint) -> S3Client {
        var configuration = S3Client.Configuration(endpoint: endpoint, region: "us-east-1")
        configuration.backoffBase = 0.01
        configuration.backoffCap = 0.05
        return S3Client(configuration: configuration, credentials: Self.credentials)
    }

    /// Deterministic pseudo-random bytes, so a misplaced part shows.
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count { withUnsafeBytes(of: generator.next()) { out.append(contentsOf: $0) } }
        return Array(out.prefix(count))
    }

    /// Runs blocking upload calls on a thread of their own, as the CLI does.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }

    /// Writes `data` in uneven chunks, then commits (or aborts when `abort`); returns the error, if any.
    static func stream(_ data: [UInt8], into upload: S3StreamingUpload, abort: Bool = false) async -> S3Error? {
        await onThread { () -> S3Error? in
            do throws(S3Error) {
                var offset = 0, step = 1
                while offset < data.count {
                    let end = min(data.count, offset + step * 37_111)
                    try upload.write(Array(data[offset..<end]))
                    offset = end
                    step = step % 50 + 1
                }
                if abort {
                    try upload.close()
                    upload.abort()
                } else {
                    try upload.commit()
                }
                return nil
            } catch {
                upload.abort()
                return error
            }
        }
    }

    @Test func multipartStreamIsWholeAndBounded() async throws {
        let seed: UInt64 = 20_261_127
        print("seed \(seed)")
        let data = Self.bytes(23 << 20 + 12_345, seed: seed)
        let fake = FakeS3Server()
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            var options = S3StreamingUpload.Options()
            options.partSize = 5 << 20
            options.partsInFlight = 2
            let upload = S3StreamingUpload(client: client, location: S3Location(bucket: "bucket", key: "out/data.bin"), options: options)
            let error = await Self.stream(data, into: upload)
            try await client.shutdown()
            #expect(error == nil)
        }
        let state = fake.state.withLock { ($0.objects["out/data.bin"]?.bytes, $0.mostPartsInFlight, $0.uploads.count, $0.requests, $0.badHashes) }
        #expect(state.0 == data)
        #expect(state.1 <= 2)
        #expect(state.2 == 0)
        #expect(state.3.filter { $0.hasPrefix("part") }.count == 5)
        #expect(state.3.last == "complete")
        #expect(state.4 == 0)
    }

    @Test func smallObjectIsOnePutAtCommit() async throws {
        let data = Self.bytes(100_000, seed: 7)
        let fake = FakeS3Server()
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            let upload = S3StreamingUpload(client: client, location: S3Location(bucket: "bucket", key: "small.bin"))
            let error = await Self.stream(data, into: upload)
            try await client.shutdown()
            #expect(error == nil)
        }
        #expect(fake.state.withLock { $0.requests } == ["put"])
        #expect(fake.state.withLock { $0.objects["small.bin"]?.bytes } == data)
    }

    @Test func slowDownIsRetriedAndServerErrorsEndInAbort() async throws {
        let data = Self.bytes(11 << 20, seed: 99)
        let fake = FakeS3Server()
        fake.inject("part2", status: 503, code: "SlowDown", times: 2)
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            var options = S3StreamingUpload.Options()
            options.partSize = 5 << 20
            let upload = S3StreamingUpload(client: client, location: S3Location(bucket: "bucket", key: "retried.bin"), options: options)
            #expect(await Self.stream(data, into: upload) == nil)

            // Part 1 fails on every attempt: the upload is aborted, nothing is visible.
            fake.inject("part1", status: 500, code: "InternalError", times: 100)
            let failing = S3StreamingUpload(client: client, location: S3Location(bucket: "bucket", key: "failed.bin"), options: options)
            let error = await Self.stream(data, into: failing)
            try await client.shutdown()
            #expect(error?.status == 500)
            #expect(error?.attempts == 5)
            #expect(error?.description.contains("s3://bucket/failed.bin") == true)
            #expect(error?.description.contains("test-secret-never-shown") == false)
        }
        let state = fake.state.withLock { ($0.objects["retried.bin"]?.bytes, $0.objects["failed.bin"] == nil, $0.uploads.isEmpty, $0.aborted) }
        #expect(state.0 == data)
        #expect(state.1)
        #expect(state.2)
        #expect(state.3 == 1)
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let fake = FakeS3Server()
        fake.inject("put", status: 403, code: "AccessDenied", times: 100)
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            do throws(S3Error) {
                try await client.putObject(S3Location(bucket: "bucket", key: "denied.txt"), body: ByteBuffer(string: "x"))
                Issue.record("a 403 must fail")
            } catch {
                #expect(error.attempts == 1)
                #expect(error.code == "AccessDenied")
                #expect(error.description.contains("s3://bucket/denied.txt: PUT object failed: HTTP 403 AccessDenied (access denied"))
            }
            try await client.shutdown()
        }
        #expect(fake.state.withLock { $0.requests } == ["put"])
    }

    @Test func abortAfterCloseLeavesNothing() async throws {
        let fake = FakeS3Server()
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            var options = S3StreamingUpload.Options()
            options.partSize = 5 << 20
            let upload = S3StreamingUpload(client: client, location: S3Location(bucket: "bucket", key: "abandoned.bin"), options: options)
            #expect(await Self.stream(Self.bytes(12 << 20, seed: 3), into: upload, abort: true) == nil)
            try await client.shutdown()
        }
        #expect(fake.state.withLock { $0.objects.isEmpty && $0.uploads.isEmpty && $0.aborted == 1 })
    }

    @Test func cancellationStopsWritesAndAborts() async throws {
        let fake = FakeS3Server(partDelay: .milliseconds(300))
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            var options = S3StreamingUpload.Options()
            options.partSize = 5 << 20
            let cancellation = S3Cancellation()
            let upload = S3StreamingUpload(client: client, location: S3Location(bucket: "bucket", key: "stopped.bin"), options: options, cancellation: cancellation)
            let error: S3Error? = await Self.onThread { () -> S3Error? in
                do throws(S3Error) {
                    try upload.write(Self.bytes(6 << 20, seed: 5))
                    cancellation.cancel(reason: "interrupted")
                    try upload.write([1, 2, 3])
                    return nil
                } catch {
                    upload.abort()
                    return error
                }
            }
            try await client.shutdown()
            #expect(error?.message.contains("interrupted") == true)
        }
        #expect(fake.state.withLock { $0.objects.isEmpty && $0.uploads.isEmpty })
    }

    @Test func folderUploadSkipsWhatIsThere() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("s3-upload-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: "\(directory)/jsonfile", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(Self.bytes(1000, seed: 1)).write(to: URL(fileURLWithPath: "\(directory)/jsonfile/products_001.json"))
        try Data(Self.bytes(6 << 20, seed: 2)).write(to: URL(fileURLWithPath: "\(directory)/jsonfile/products_002.json"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(directory)/run-report.json"))
        try Data("lock".utf8).write(to: URL(fileURLWithPath: "\(directory)/.tiki-pipeline.lock"))
        try Data("partial".utf8).write(to: URL(fileURLWithPath: "\(directory)/jsonfile/products_003.json.tmp-12-ab"))
        #expect(S3DirectoryUploader.files(in: directory) == ["jsonfile/products_001.json", "jsonfile/products_002.json", "run-report.json"])

        let fake = FakeS3Server()
        try await FakeS3Server.withServer(fake) { endpoint in
            let client = client(endpoint)
            var uploader = S3DirectoryUploader(client: client)
            uploader.partSize = 5 << 20
            let prefix = S3Location(bucket: "bucket", key: "runs/1/")
            let first = await uploader.upload(directory: directory, to: prefix)
            #expect(first.uploaded == 3 && first.skipped == 0 && first.failures.isEmpty)
            let second = await uploader.upload(directory: directory, to: prefix)
            #expect(second.uploaded == 0 && second.skipped == 3)
            try Data(Self.bytes(1000, seed: 9)).write(to: URL(fileURLWithPath: "\(directory)/jsonfile/products_001.json"))
            let third = await uploader.upload(directory: directory, to: prefix)
            #expect(third.uploaded == 1 && third.skipped == 2)
            #expect(third.line.hasPrefix("uploaded 1 file(s)"))
            try await client.shutdown()
        }
        let objects = fake.state.withLock { $0.objects }
        #expect(objects.keys.sorted() == ["runs/1/jsonfile/products_001.json", "runs/1/jsonfile/products_002.json", "runs/1/run-report.json"])
        #expect(objects["runs/1/jsonfile/products_002.json"]?.bytes == Self.bytes(6 << 20, seed: 2))
        #expect(objects["runs/1/jsonfile/products_002.json"]?.etag.contains("multipart") == true)
        #expect(objects["runs/1/jsonfile/products_001.json"]?.bytes == Self.bytes(1000, seed: 9))
    }
}
