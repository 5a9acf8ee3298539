import Foundation
import TikiJSON

/// Reading and writing one batch file: a JSON array of records, one per line.
public enum BatchFile {
    /// Writes `records` atomically. Refuses an empty batch: a batch file is never empty.
    public static func write(_ records: [JSONValue], to path: String) throws(StorageError) {
        precondition(!records.isEmpty, "a batch file is never empty")
        try AtomicFile.write(JSONWriter.encodeLines(records), to: path)
    }

    /// Reads the records of a batch: a JSON array, or JSON Lines (one value per line).
    public static func read(_ path: String) throws(StorageError) -> [JSONValue] {
        try parse(FileBytes.read(path), path: path)
    }

    public static func parse(_ data: some Collection<UInt8>, path: String) throws(StorageError) -> [JSONValue] {
        let values: [JSONValue]
        do { values = try JSONParser.parseSequence(data) } catch {
            throw StorageError(path: path, message: "malformed JSON at \(error)")
        }
        if values.count == 1, case .array(let records) = values[0] { return records }
        return values
    }
}

/// Writes batch files one after another on a thread of its own, so whoever fills the next batch does not wait
/// for the disk. Inline, encoding 1,000 records and the fsync (about 15 ms here) held up the fetch dispatcher:
/// no request started meanwhile, which cost an ingest at 50 ms of latency about 1% of its throughput.
public final class BatchWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "tiki.batch-writer")
    /// Batches waiting for the disk, at most; a disk slower than the network then holds the caller back.
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var firstFailure: StorageError?

    public init(maxQueued: Int = 4) {
        slots = DispatchSemaphore(value: maxQueued)
    }

    /// Queues `records` for `path`; throws the failure of an earlier write, if any.
    public func write(_ records: [JSONValue], to path: String) throws(StorageError) {
        try rethrowFailure()
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            do throws(StorageError) {
                try BatchFile.write(records, to: path)
            } catch {
                lock.withLock { if firstFailure == nil { firstFailure = error } }
            }
        }
    }

    /// Waits until every queued batch is on disk; throws the first failure.
    public func finish() throws(StorageError) {
        queue.sync {}
        try rethrowFailure()
    }

    private func rethrowFailure() throws(StorageError) {
        if let failure = lock.withLock({ firstFailure }) { throw failure }
    }
}

/// Collects records and writes them as numbered files of at most `batchSize` records.
public struct BatchAccumulator: Sendable {
    public let layout: OutputLayout
    public let series: OutputLayout.Series
    public let batchSize: Int
    public let width: Int
    public private(set) var nextNumber: Int
    public private(set) var pending: [JSONValue] = []
    /// Paths written so far by this accumulator (queued ones included when a `writer` is set).
    public private(set) var written: [String] = []
    /// Writes full batches in the background when set; its `finish()` waits for them.
    public var writer: BatchWriter?

    public init(layout: OutputLayout, series: OutputLayout.Series, batchSize: Int, firstNumber: Int, width: Int = 3) {
        precondition(batchSize > 0)
        self.layout = layout
        self.series = series
        self.batchSize = batchSize
        self.width = width
        self.nextNumber = firstNumber
        pending.reserveCapacity(batchSize)
    }

    /// Adds a record; writes a file when the batch is full and returns its path.
    @discardableResult
    public mutating func append(_ record: JSONValue) throws(StorageError) -> String? {
        pending.append(record)
        return pending.count >= batchSize ? try flush() : nil
    }

    /// Writes the pending records, if any, as the next file.
    @discardableResult
    public mutating func flush() throws(StorageError) -> String? {
        guard !pending.isEmpty else { return nil }
        let path = layout.path(series, number: nextNumber, width: width)
        if let writer {
            try writer.write(pending, to: path)
        } else {
            try BatchFile.write(pending, to: path)
        }
        written.append(path)
        nextNumber += 1
        pending.removeAll(keepingCapacity: true)
        return path
    }
}
