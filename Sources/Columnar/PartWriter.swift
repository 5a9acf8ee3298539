import Parquet

/// Writes rows into one output or a set of part outputs, none of which is visible until `finish` has closed them
/// all: local files under temporary names (renamed into place), or staged uploads (completed).
struct PartWriter {
    let schema: ParquetSchema
    let options: ParquetWriterOptions
    /// Rows per output, when the rows are cut into parts.
    let maxRowsPerFile: Int?
    private let factory: any StagedOutputFactory
    /// The factory again when it writes local files, which have a folder to tidy.
    private let local: LocalOutputFactory?
    private var current: (writer: ParquetWriter, output: any StagedOutput, name: String)?
    /// Outputs closed and waiting for `finish` to commit them.
    private var staged: [(output: any StagedOutput, name: String)] = []

    init(destination: ConvertDestination, schema: ParquetSchema, options: ParquetWriterOptions) {
        self.schema = schema
        self.options = options
        switch destination {
        case .file(let path):
            local = LocalOutputFactory(file: path)
            factory = local!
            maxRowsPerFile = nil
        case .directory(let directory, let maxRows):
            local = LocalOutputFactory(directory: directory)
            factory = local!
            maxRowsPerFile = maxRows
        case .staged(let staged, let maxRows):
            local = nil
            factory = staged
            maxRowsPerFile = maxRows
        }
    }

    /// Writes a batch of rows, cut where a part fills.
    mutating func write(_ rows: RowBatch) throws {
        var start = 0
        while start < rows.rowCount {
            if current == nil { try open() }
            var end = rows.rowCount
            if let maxRows = maxRowsPerFile { end = min(end, start + maxRows - current!.writer.rowsWritten) }
            try current!.writer.write(rows, rows: start..<end)
            if let maxRows = maxRowsPerFile, current!.writer.rowsWritten >= maxRows { try closeCurrent() }
            start = end
        }
    }

    private var nextPart: Int? { maxRowsPerFile == nil ? nil : staged.count }

    private mutating func open() throws {
        let output = try factory.open(part: nextPart)
        do {
            current = (try ParquetWriter(schema: schema, options: options, output: output), output, factory.name(part: nextPart))
        } catch {
            output.abandon()
            throw error
        }
    }

    /// The output being written, or the last one.
    var outputPath: String? {
        current?.name ?? staged.last?.name ?? factory.name(part: maxRowsPerFile == nil ? nil : 0)
    }

    private mutating func closeCurrent() throws {
        guard let (writer, output, name) = current else { return }
        current = nil
        do {
            // Closing writes the last row group and the footer; a full disk fails here, and the temporary file
            // must not be left behind holding the space.
            try writer.close()
            try output.close()
        } catch {
            output.abandon()
            throw error
        }
        staged.append((output, name))
    }

    /// Closes the last output and makes every output visible.
    mutating func finish() throws -> [(path: String, bytes: Int)] {
        try closeCurrent()
        defer { staged = [] }
        try local?.removeEarlierParts()
        // Every output is whole before the first becomes visible; a commit that fails discards the rest.
        for (index, item) in staged.enumerated() {
            do { try item.output.commit() } catch {
                for later in staged[(index + 1)...] { later.output.abandon() }
                local?.removeTemporaryDirectory()
                throw error
            }
        }
        local?.removeTemporaryDirectory()
        return staged.map { ($0.name, $0.output.bytesWritten) }
    }

    /// Deletes everything written so far: a failed conversion leaves no output.
    mutating func abandon() {
        current?.output.abandon()
        current = nil
        for item in staged { item.output.abandon() }
        staged = []
        local?.removeTemporaryDirectory()
    }
}
