import TikiJSON

/// Collects records and writes them as numbered files of at most `batchSize` records.
package struct BatchAccumulator: Sendable {
    package let layout: OutputLayout
    package let series: OutputLayout.Series
    package let batchSize: Int
    package let width: Int
    package private(set) var nextNumber: Int
    package private(set) var pending: [JSONValue] = []
    /// Paths written so far by this accumulator (queued ones included when a `writer` is set).
    package private(set) var written: [String] = []
    /// Writes full batches in the background when set; its `finish()` waits for them.
    package var writer: BatchWriter?

    package init(
        layout: OutputLayout, series: OutputLayout.Series, batchSize: Int, firstNumber: Int,
        width: Int = OutputLayout.minimumNumberWidth
    ) {
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
    package mutating func append(_ record: JSONValue) async throws(StorageError) -> String? {
        pending.append(record)
        return pending.count >= batchSize ? try await flush() : nil
    }

    /// Writes the pending records, if any, as the next file.
    @discardableResult
    package mutating func flush() async throws(StorageError) -> String? {
        guard !pending.isEmpty else { return nil }
        let path = layout.path(series, number: nextNumber, width: width)
        if let writer {
            try await writer.write(pending, to: path)
        } else {
            try BatchFile.write(pending, to: path)
        }
        written.append(path)
        nextNumber += 1
        pending.removeAll(keepingCapacity: true)
        return path
    }
}
