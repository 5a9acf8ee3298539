import Dispatch
import NIOCore
import Synchronization

/// Streams bytes written synchronously (by a Parquet writer on its own thread) into one S3 object: full parts
/// go to a multipart upload, at most `partsInFlight` at once, so memory stays near (parts in flight + 1) × part
/// size. Nothing is visible until `commit()`; `abort()` discards the parts, so a failed or interrupted run leaves
/// neither an object nor pending parts. An object smaller than one part is sent as a single PUT at commit.
///
/// Blocking calls: `write`, `close`, `commit` and `abort` wait for the network on the calling thread, which must
/// therefore not be one of Swift's cooperative pool threads (the CLI runs the converter on a thread of its own).
package final class S3StreamingUpload: @unchecked Sendable {
    /// Part size and parallelism.
    package struct Options: Sendable {
        /// S3 requires 5 MiB for every part but the last; 8 MiB is the AWS CLI's default.
        package var partSize = 8 << 20
        package var partsInFlight = 4
        package var contentType: String? = "application/octet-stream"
        package init() {}
    }

    package let client: S3Client
    package let location: S3Location
    package let options: Options
    private let cancellation: S3Cancellation

    // Owned by the writing thread.
    private var buffer: ByteBuffer
    private var nextPart = 1
    private var uploadID: String?
    package private(set) var bytesWritten = 0
    private var closed = false

    // Shared with the part tasks.
    private let slots: DispatchSemaphore
    private let state = Mutex(State())
    private struct State {
        var etags: [(number: Int, etag: String)] = []
        var failure: S3Error?
        var tasks: [Int: Task<Void, Never>] = [:]
    }

    package init(client: S3Client, location: S3Location, options: Options = .init(), cancellation: S3Cancellation = S3Cancellation()) {
        self.client = client
        self.location = location
        self.options = options
        self.cancellation = cancellation
        precondition(options.partSize >= 5 << 20 && options.partsInFlight >= 1, "S3 parts are at least 5 MiB")
        buffer = ByteBufferAllocator().buffer(capacity: options.partSize)
        slots = DispatchSemaphore(value: options.partsInFlight)
    }

    /// An error raised on this side: stopped by a signal, or used out of order.
    private func localError(_ message: String) -> S3Error {
        S3Error(operation: "upload", bucket: location.bucket, key: location.key, status: nil, code: nil, message: message)
    }

    private func checkHealthy() throws(S3Error) {
        if let reason = cancellation.reason { throw localError("stopped (\(reason))") }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Appends bytes; sends a part each time `partSize` bytes have gathered (waiting for a free slot).
    package func write(_ bytes: [UInt8]) throws(S3Error) {
        guard !closed else { throw localError("write after close") }
        try checkHealthy()
        var offset = 0
        while offset < bytes.count {
            let take = min(options.partSize - buffer.readableBytes, bytes.count - offset)
            buffer.writeBytes(bytes[offset..<(offset + take)])
            offset += take
            if buffer.readableBytes == options.partSize { try sendPart(last: false) }
        }
        bytesWritten += bytes.count
    }

    private func sendPart(last: Bool) throws(S3Error) {
        if uploadID == nil {
            let location = self.location, client = self.client, contentType = options.contentType
            uploadID = try blocking { () async throws(S3Error) in try await client.createMultipartUpload(location, contentType: contentType) }
        }
        let part = buffer
        buffer = ByteBufferAllocator().buffer(capacity: last ? 0 : options.partSize)
        let number = nextPart
        nextPart += 1
        // Wait for a slot; a failure elsewhere or a stop shows within a second.
        while slots.wait(timeout: .now() + .seconds(1)) == .timedOut { try checkHealthy() }
        do { try checkHealthy() } catch {
            slots.signal()
            throw error
        }
        let uploadID = self.uploadID!
        let task = Task { [self] in
            do throws(S3Error) {
                let etag = try await client.uploadPart(location, uploadID: uploadID, number: number, body: part)
                state.withLock { $0.etags.append((number, etag)) }
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
            }
            state.withLock { _ = $0.tasks.removeValue(forKey: number) }
            slots.signal()
        }
        state.withLock { $0.tasks[number] = task }
    }

    /// Waits until no part is in flight; a stop cancels the parts still going rather than wait them out.
    private func drain() {
        var acquired = 0
        while acquired < options.partsInFlight {
            if slots.wait(timeout: .now() + .milliseconds(200)) == .success {
                acquired += 1
            } else if cancellation.reason != nil {
                cancelParts()
            }
        }
        for _ in 0..<acquired { slots.signal() }
    }

    private func cancelParts() {
        for task in state.withLock({ Array($0.tasks.values) }) { task.cancel() }
    }

    /// The object is whole: sends the last part and waits for every part. Not visible until `commit()`.
    package func close() throws(S3Error) {
        guard !closed else { return }
        try checkHealthy()
        if uploadID != nil, buffer.readableBytes > 0 { try sendPart(last: true) }
        closed = true
        drain()
        try checkHealthy()
    }

    /// Makes the object visible: completes the multipart upload, or PUTs a small object whole.
    package func commit() throws(S3Error) {
        if !closed { try close() }
        try checkHealthy()
        let (client, location) = (self.client, self.location)
        if let uploadID {
            let parts = state.withLock { $0.etags }
            try blocking { () async throws(S3Error) in try await client.completeMultipartUpload(location, uploadID: uploadID, parts: parts) }
            self.uploadID = nil
        } else {
            let body = buffer, contentType = options.contentType
            _ = try blocking { () async throws(S3Error) in try await client.putObject(location, body: body, contentType: contentType) }
        }
        buffer = ByteBuffer()
    }

    /// Discards everything: cancels parts in flight, waits for them, then aborts the upload (retried like
    /// any request). Never throws; returns the error when the abort itself failed, so it can be reported.
    @discardableResult
    package func abort() -> S3Error? {
        cancelParts()
        drain()
        closed = true
        buffer = ByteBuffer()
        guard let uploadID else { return nil }
        self.uploadID = nil
        let (client, location) = (self.client, self.location)
        do {
            try blocking { () async throws(S3Error) in try await client.abortMultipartUpload(location, uploadID: uploadID) }
            return nil
        } catch {
            return error
        }
    }

    /// Runs async work and waits for it on this (non-pool) thread.
    private func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws(S3Error) -> T) throws(S3Error) -> T {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox<T>()
        Task {
            do throws(S3Error) { result.value = .success(try await work()) } catch { result.value = .failure(error) }
            done.signal()
        }
        done.wait()
        return try result.value!.get()
    }
}

/// Written by one task before it signals the semaphore the reader waits on, which orders the two.
private final class ResultBox<T>: @unchecked Sendable {
    var value: Result<T, S3Error>?
}

/// A stop shared by every upload of a run (set from a signal handler): writes fail at once and abort follows.
package final class S3Cancellation: Sendable {
    private let stored = Mutex<String?>(nil)
    package init() {}
    package var reason: String? { stored.withLock { $0 } }
    package func cancel(reason: String) { stored.withLock { if $0 == nil { $0 = reason } } }
}
