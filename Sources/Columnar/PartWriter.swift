import BatchStore
import Foundation
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// Writes rows into one file or a set of part files, each through a temporary path until `finish`.
struct PartWriter {
    let destination: ConvertDestination
    let schema: ParquetSchema
    let options: ParquetWriterOptions
    private var current: (writer: ParquetWriter, output: any ParquetOutput, finalPath: String)?
    private var finished: [(temporary: String, final: String, bytes: Int)] = []
    /// Staged outputs closed and waiting for `finish` to commit them.
    private var staged: [(output: any StagedOutput, name: String)] = []
    private var temporaryDirectory: String?

    init(destination: ConvertDestination, schema: ParquetSchema, options: ParquetWriterOptions) {
        self.destination = destination
        self.schema = schema
        // A row group never spans two part files; told so, a writer does not size its first group for more rows
        // than its file will hold (the groups are cut where they were: at the file's end).
        var options = options
        switch destination {
        case .directory(_, let maxRows), .staged(_, .some(let maxRows)): options.rowGroupRows = min(options.rowGroupRows, maxRows)
        default: break
        }
        self.options = options
    }

    /// Writes a batch of rows, cut where a part file fills.
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

    private var maxRowsPerFile: Int? {
        switch destination {
        case .directory(_, let maxRows), .staged(_, .some(let maxRows)): maxRows
        default: nil
        }
    }

    private mutating func open() throws {
        let finalPath: String
        let temporaryPath: String
        if case .staged(let factory, let maxRows) = destination {
            let part = maxRows == nil ? nil : staged.count
            let output = try factory.open(part: part)
            do {
                current = (try ParquetWriter(schema: schema, options: options, output: output), output, factory.name(part: part))
            } catch {
                output.abandon()
                throw error
            }
            return
        }
        switch destination {
        case .file(let path):
            finalPath = path
            temporaryPath = "\(path).tmp-\(getpid())"
        case .directory(let directory, _):
            try AtomicFile.createDirectory(directory)
            if temporaryDirectory == nil {
                temporaryDirectory = "\(directory)/.convert-tmp-\(getpid())"
                try AtomicFile.createDirectory(temporaryDirectory!)
            }
            let name = String(format: "part-%05d.parquet", finished.count)
            finalPath = "\(directory)/\(name)"
            temporaryPath = "\(temporaryDirectory!)/\(name)"
        case .staged: return
        }
        let output = try ParquetFileOutput(path: temporaryPath)
        current = (try ParquetWriter(schema: schema, options: options, output: output), output, finalPath)
    }

    /// The file being written, or the last one.
    var outputPath: String? {
        current?.finalPath ?? finished.last?.final ?? staged.last?.name ?? {
            if case .file(let path) = destination { return path }
            if case .staged(let factory, let maxRows) = destination { return factory.name(part: maxRows == nil ? nil : 0) }
            return nil
        }()
    }

    private mutating func closeCurrent() throws {
        guard let (writer, anyOutput, finalPath) = current else { return }
        if let output = anyOutput as? any StagedOutput {
            do {
                try writer.close()
                try output.close()
            } catch {
                current = nil
                output.abandon()
                throw error
            }
            current = nil
            staged.append((output, finalPath))
            return
        }
        let output = anyOutput as! ParquetFileOutput
        do {
            try writer.close()
            try output.close(sync: true)
        } catch {
            // Closing writes the last row group and the footer; a full disk fails here, and the temporary file
            // must not be left behind holding the space.
            current = nil
            unlink(output.path)
            throw error
        }
        current = nil
        finished.append((output.path, finalPath, output.bytesWritten))
    }

    /// Closes the last file and moves every file into place.
    mutating func finish() throws -> [(path: String, bytes: Int)] {
        try closeCurrent()
        if case .staged = destination {
            // Every output is whole before the first becomes visible; a commit that fails discards the rest.
            for (index, item) in staged.enumerated() {
                do { try item.output.commit() } catch {
                    for later in staged[(index + 1)...] { later.output.abandon() }
                    staged = []
                    throw error
                }
            }
            defer { staged = [] }
            return staged.map { ($0.name, $0.output.bytesWritten) }
        }
        if case .directory(let directory, _) = destination {
            // Parts of an earlier conversion would mix with these: remove them first.
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where name.hasPrefix("part-") && name.hasSuffix(".parquet") {
                try FileManager.default.removeItem(atPath: "\(directory)/\(name)")
            }
        }
        for file in finished {
            guard rename(file.temporary, file.final) == 0 else {
                throw StorageError(path: file.final, message: "rename failed: \(String(cString: strerror(errno)))")
            }
        }
        // Each file was fsynced on close; the renames are durable once their folder is.
        if let last = finished.last { AtomicFile.syncDirectory(of: last.final) }
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
        return finished.map { ($0.final, $0.bytes) }
    }

    /// Deletes everything written so far: a failed conversion leaves no output.
    mutating func abandon() {
        if let staged = current?.output as? any StagedOutput {
            staged.abandon()
        } else if let output = current?.output as? ParquetFileOutput {
            try? output.close()
            unlink(output.path)
        }
        current = nil
        for item in staged { item.output.abandon() }
        staged = []
        for file in finished { unlink(file.temporary) }
        finished = []
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }
}
