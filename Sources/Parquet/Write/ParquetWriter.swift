import Dispatch

/// Writes rows into a Parquet file: row groups by rows and bytes, each group's pages encoded in parallel while
/// the next group fills, memory bounded by about two row groups' rows (with the batches they lie in) and one
/// group's pages.
public final class ParquetWriter {
    /// The schema every row follows.
    public let schema: ParquetSchema
    /// How pages are encoded and compressed, and where row groups are cut.
    public let options: ParquetWriterOptions
    private let output: any ParquetOutput
    private let shredder: Shredder
    /// Rows written one at a time since the group's last slice; they join it as one slice per column.
    private var columns: [ColumnBuffer]
    private var rowsInColumns = 0
    /// The row group being filled: per column, its slices so far.
    private var group: [ChunkColumn]
    /// The batches the group's slices lie in, held until its pages are drafted (`write(_:rows:)`).
    private var groupBatches: [RowBatch] = []
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
        group = schema.columns.map { ChunkColumn(descriptor: $0) }
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
        rowsInColumns += 1
        rowsInGroup += 1
        rowsWritten += 1
        if rowsInGroup >= options.rowGroupRows || bufferedBytes() >= options.rowGroupBytes {
            try flushRowGroup()
        }
    }

    /// Adds rows `range` (all by default) of a batch, cutting row groups exactly where `write(row:)` would.
    ///
    /// The rows are not copied: their row group's pages are drafted from the batch itself, so the writer holds a
    /// reference to `batch` until that group's pages are drafted. Refill a batch only once the writer has let go
    /// of it (`isKnownUniquelyReferenced`); refilled earlier, its arrays would be copied rather than reused.
    public func write(_ batch: RowBatch, rows range: Range<Int>? = nil) throws {
        precondition(!closed, "write after close")
        var rows = range ?? 0..<batch.rowCount
        precondition(rows.lowerBound >= 0 && rows.upperBound <= batch.rowCount, "rows outside the batch")
        // Rows written one at a time before these come first in the group.
        groupRowsWrittenOneAtATime()
        while !rows.isEmpty {
            let take = rowsUntilFull(of: batch, from: rows)
            let chunk = rows.lowerBound..<(rows.lowerBound + take)
            for c in group.indices {
                let (entries, values) = batch.span(of: chunk, column: c)
                group[c].append(batch.columns[c], entries: entries, values: values)
            }
            if groupBatches.last !== batch { groupBatches.append(batch) }
            rowsInGroup += take
            rowsWritten += take
            rows = chunk.upperBound..<rows.upperBound
            if rowsInGroup >= options.rowGroupRows || bufferedBytes() >= options.rowGroupBytes {
                try flushRowGroup()
            }
        }
    }

    /// Moves the rows written one at a time into the group, as a slice of each column.
    private func groupRowsWrittenOneAtATime() {
        guard rowsInColumns > 0 else { return }
        for c in group.indices {
            group[c].append(columns[c], entries: 0..<columns[c].entryCount, values: 0..<columns[c].valueCount)
        }
        columns = columns.map { taken in
            var next = ColumnBuffer(descriptor: taken.descriptor)
            next.reserve(like: taken.room)
            return next
        }
        rowsInColumns = 0
    }

    /// How many of `rows` fit before the row group is full: all of them, or up to and including the row after
    /// which `write(row:)` would flush.
    private func rowsUntilFull(of batch: RowBatch, from rows: Range<Int>) -> Int {
        func full(after count: Int) -> Bool {
            rowsInGroup + count >= options.rowGroupRows
                || bufferedBytes(adding: batch.sizes(of: rows.lowerBound..<(rows.lowerBound + count))) >= options.rowGroupBytes
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

    /// An estimate of the buffered row group's size, with `added` more of each column: PLAIN values plus a byte
    /// per four level entries.
    private func bufferedBytes(adding added: [(valueBytes: Int, entries: Int)]? = nil) -> Int {
        var bytes = 0
        for c in group.indices {
            let valueBytes = group[c].valueBytes + columns[c].valueBytes + (added?[c].valueBytes ?? 0)
            let entries = group[c].entryCount + columns[c].entryCount + (added?[c].entries ?? 0)
            bytes += valueBytes + entries / 4
        }
        return bytes
    }

    /// A row group being encoded on other threads while the caller fills the next one.
    private struct PendingGroup {
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
        groupRowsWrittenOneAtATime()
        let rows = GroupRows(columns: group, batches: groupBatches), rowCount = rowsInGroup
        group = schema.columns.map { ChunkColumn(descriptor: $0) }
        groupBatches = []
        rowsInGroup = 0
        try writePendingGroup()
        let encoder = RowGroupEncoder(options: options, compressors: compressors, buffers: pageBuffers)
        let results = Slots<Result<EncodedChunk, any Error>>(count: schema.columns.count)
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            for (i, chunk) in encoder.encode(rows).enumerated() { results[i] = chunk }
        }
        pending = PendingGroup(rows: rowCount, done: done, results: results)
    }

    /// Waits for the row group being encoded, then writes its column chunks and records its metadata.
    private func writePendingGroup() throws {
        guard let group = pending else { return }
        pending = nil
        group.done.wait()
        let groupStart = position
        var chunks: [ColumnChunk] = []
        var totalUncompressed = 0
        for (i, slot) in group.results.values.enumerated() {
            let encoded = try slot!.get()
            let start = position
            for page in encoded.pages { try emit(page) }
            totalUncompressed += encoded.totalUncompressedSize
            let descriptor = schema.columns[i]
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
