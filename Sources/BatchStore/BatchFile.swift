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

/// Collects records and writes them as numbered files of at most `batchSize` records.
public struct BatchAccumulator: Sendable {
    public let layout: OutputLayout
    public let series: OutputLayout.Series
    public let batchSize: Int
    public let width: Int
    public private(set) var nextNumber: Int
    public private(set) var pending: [JSONValue] = []
    /// Paths written so far by this accumulator.
    public private(set) var written: [String] = []

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
        try BatchFile.write(pending, to: path)
        written.append(path)
        nextNumber += 1
        pending.removeAll(keepingCapacity: true)
        return path
    }
}
