import Dispatch

/// Writes rows into a Parquet file: row groups by rows and bytes, each group's pages encoded in parallel while
/// the next group fills, memory bounded by two row groups' buffers and one group's pages.
public final class ParquetWriter {
    /// The schema every row follows.
    public let schema: ParquetSchema
    /// How pages are encoded and compressed, and where row groups are cut.
    public let options: ParquetWriterOptions
    private let output: any ParquetOutput
    private let shredder: Shredder
    private var columns: [ColumnBuffer]
    private var rowsInGroup = 0
    private var position = 0
    private var rowGroups: [RowGroup] = []
    /// Rows added so far (buffered ones included).
    public private(set) var rowsWritten = 0
    private var closed = false

    /// A writer of `schema` rows into `output`; writes the leading magic at once.
    public init(schema: ParquetSchema, options: ParquetWriterOptions = .init(), output: any ParquetOutput) throws {
        self.schema = schema
        self.options = options
        self.output = output
        shredder = Shredder(schema: schema)
        columns = schema.columns.map { ColumnBuffer(descriptor: $0) }
        compressors = PageCompressor.Pool(options.compression)
        try emit(Array("PAR1".utf8))
    }

    /// Adds one row: one value per top-level field.
    public func write(row: [ParquetValue]) throws {
        precondition(!closed, "write after close")
        // A row that fails part-way may have reached some columns: put every column back as it was.
        let marks = columns.map(\.mark)
        do {
            try shredder.shred(row, into: &columns)
        } catch {
            for i in columns.indices { columns[i].truncate(to: marks[i]) }
            throw error
        }
        rowsInGroup += 1
        rowsWritten += 1
        if rowsInGroup >= options.rowGroupRows || bufferedBytes >= options.rowGroupBytes {
            try flushRowGroup()
        }
    }

    /// Adds rows `range` (all by default) of a batch, cutting row groups exactly where `write(row:)` would.
    public func write(_ batch: RowBatch, rows range: Range<Int>? = nil) throws {
        precondition(!closed, "write after close")
        var rows = range ?? 0..<batch.rowCount
        precondition(rows.lowerBound >= 0 && rows.upperBound <= batch.rowCount, "rows outside the batch")
        if rowsWritten == 0 { sizeFirstGroup(like: batch, rows: rows) }
        while !rows.isEmpty {
            let take = rowsUntilFull(of: batch, from: rows)
            let chunk = rows.lowerBound..<(rows.lowerBound + take)
            for c in columns.indices {
                let (entries, values) = batch.span(of: chunk, column: c)
                columns[c].append(contentsOf: batch.columns[c], entries: entries, values: values)
            }
            rowsInGroup += take
            rowsWritten += take
            rows = chunk.upperBound..<rows.upperBound
            if rowsInGroup >= options.rowGroupRows || bufferedBytes >= options.rowGroupBytes {
                try flushRowGroup()
            }
        }
    }

    /// Reserves the first row group's buffers for a group of rows like `batch`'s. Later groups refill the memory
    /// of the groups before them; the first one's arrays would grow from empty a quarter at a time, and those
    /// reallocations were half the page faults of a conversion (`perf record -e page-faults`). At most
    /// `firstGroupReserve` bytes are reserved, whatever the options say: past it the arrays grow as before.
    private func sizeFirstGroup(like batch: RowBatch, rows: Range<Int>) {
        guard !rows.isEmpty else { return }
        let sizes = batch.sizes(of: rows)
        let bytes = Double(max(1, sizes.reduce(0) { $0 + $1.valueBytes + $1.entries / 4 }))
        let groupBytes = Double(min(options.rowGroupBytes, Self.firstGroupReserve))
        let factor = min(groupBytes / bytes, Double(options.rowGroupRows) / Double(rows.count))
        guard factor > 1 else { return }
        // The whole batch's columns stand for its rows `rows`, scaled to their share of it.
        let share = Double(rows.count) / Double(batch.rowCount)
        for c in columns.indices { columns[c].reserve(like: batch.columns[c], times: factor * share) }
    }

    /// The most the first row group's buffers reserve before they are filled.
    static let firstGroupReserve = 256 << 20

    /// How many of `rows` fit before the row group is full: all of them, or up to and including the row after
    /// which `write(row:)` would flush.
    private func rowsUntilFull(of batch: RowBatch, from rows: Range<Int>) -> Int {
        func full(after count: Int) -> Bool {
            if rowsInGroup + count >= options.rowGroupRows { return true }
            let added = batch.sizes(of: rows.lowerBound..<(rows.lowerBound + count))
            var bytes = 0
            for (c, column) in columns.enumerated() {
                bytes += column.valueBytes + added[c].valueBytes + (column.entryCount + added[c].entries) / 4
            }
            return bytes >= options.rowGroupBytes
        }
        guard full(after: rows.count) else { return rows.count }
        // The estimate only grows with rows: find the first count at which it is full.
        var low = 1, high = rows.count
        while low < high {
            let mid = (low + high) / 2
            if full(after: mid) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// An estimate of the buffered row group's size: PLAIN values plus a byte per four level entries.
    private var bufferedBytes: Int {
        columns.reduce(0) { $0 + $1.valueBytes + $1.entryCount / 4 }
    }

    /// A row group being encoded on other threads while the caller fills the next one.
    private struct PendingGroup {
        var buffers: ColumnBuffers
        var rows: Int
        var done: DispatchGroup
        var results: Slots<Result<EncodedChunk, any Error>>
    }

    private var pending: PendingGroup?
    /// Page compressors, reused by the encoding threads from one row group to the next.
    private let compressors: PageCompressor.Pool
    /// Page payloads, reused from one row group to the next.
    private let pageBuffers = ByteBufferPool()

    /// Hands the buffered rows to the encoder as a row group; they are written once the group before is.
    public func flushRowGroup() throws {
        guard rowsInGroup > 0 else { return }
        let buffers = ColumnBuffers(columns)
        let rows = rowsInGroup
        rowsInGroup = 0
        // Two sets of buffers take turns, one filling while the other is encoded: refilling memory that is
        // already mapped keeps the peak fixed and spares the page faults of fresh allocations.
        if var recycled = try writePendingGroup() {
            for i in recycled.indices { recycled[i].removeAll() }
            columns = recycled
        } else {
            columns = buffers.columns.map { ColumnBuffer(descriptor: $0.descriptor, reservingLike: $0) }
        }
        let encoder = RowGroupEncoder(options: options, compressors: compressors, buffers: pageBuffers)
        let results = Slots<Result<EncodedChunk, any Error>>(count: buffers.columns.count)
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            for (i, chunk) in encoder.encode(buffers.columns).enumerated() { results[i] = chunk }
        }
        pending = PendingGroup(buffers: buffers, rows: rows, done: done, results: results)
    }

    /// Waits for the row group being encoded, then writes its column chunks and records its metadata.
    /// Returns the group's buffers for reuse.
    @discardableResult
    private func writePendingGroup() throws -> [ColumnBuffer]? {
        guard let group = pending else { return nil }
        pending = nil
        group.done.wait()
        let groupStart = position
        var chunks: [ColumnChunk] = []
        var totalUncompressed = 0
        let descriptors = group.buffers.columns.map(\.descriptor)
        for (i, slot) in group.results.values.enumerated() {
            let encoded = try slot!.get()
            let start = position
            for page in encoded.pages { try emit(page) }
            totalUncompressed += encoded.totalUncompressedSize
            let descriptor = descriptors[i]
            chunks.append(ColumnChunk(
                fileOffset: 0,
                metaData: ColumnMetaData(
                    type: descriptor.physicalType, encodings: encoded.encodings, pathInSchema: descriptor.path,
                    codec: encoded.codec, numValues: Int64(encoded.numValues),
                    totalUncompressedSize: Int64(encoded.totalUncompressedSize), totalCompressedSize: Int64(encoded.byteCount),
                    dataPageOffset: Int64(start + encoded.dataPageOffset),
                    dictionaryPageOffset: encoded.dictionaryPageOffset.map { Int64(start + $0) },
                    statistics: encoded.statistics)))
        }
        rowGroups.append(RowGroup(
            columns: chunks, totalByteSize: Int64(totalUncompressed), numRows: Int64(group.rows),
            fileOffset: Int64(groupStart), totalCompressedSize: Int64(position - groupStart),
            ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        return group.buffers.take()
    }

    /// Flushes the last row group and writes the footer.
    @discardableResult
    public func close() throws -> FileMetaData {
        precondition(!closed, "close twice")
        try flushRowGroup()
        try writePendingGroup()
        closed = true
        let metadata = FileMetaData(
            version: 1, schema: schema.elements, numRows: Int64(rowsWritten), rowGroups: rowGroups,
            keyValueMetadata: options.keyValueMetadata.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: $0.value) },
            createdBy: options.createdBy, columnOrdersWritten: true)
        var writer = ThriftWriter()
        writer.writeStructBody { $0.write(metadata) }
        var footer = writer.bytes
        let length = UInt32(footer.count)
        for b in 0..<4 { footer.append(UInt8(truncatingIfNeeded: length >> (8 * UInt32(b)))) }
        footer.append(contentsOf: Array("PAR1".utf8))
        try emit(footer)
        return metadata
    }

    private func emit(_ bytes: [UInt8]) throws {
        try output.write(bytes)
        position += bytes.count
    }
}
