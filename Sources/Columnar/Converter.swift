import BatchStore
import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// A batch that cannot be converted, naming the file and, where known, the record and field.
public struct ConvertError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var record: Int?
    public var message: String

    public var description: String {
        record.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// Where `convert` writes.
public enum ConvertDestination: Sendable {
    /// One file, appearing atomically.
    case file(String)
    /// `part-00000.parquet`, … in a folder, each with at most `maxRowsPerFile` rows; all appear together.
    case directory(String, maxRowsPerFile: Int)
    /// Outputs that are not local files (object storage): one, or parts of at most `maxRowsPerFile` rows when
    /// it is given; every output is closed before the first is committed.
    case staged(any StagedOutputFactory, maxRowsPerFile: Int?)
}

/// An output that becomes visible only when committed, as an object-store upload does when it completes.
public protocol StagedOutput: ParquetOutput {
    var bytesWritten: Int { get }
    /// Everything is written and sent, but not yet visible.
    func close() throws
    /// Makes the output visible.
    func commit() throws
    /// Discards the output; must not throw.
    func abandon()
}

/// Opens the staged outputs of a conversion; `part` is nil for a single output.
public protocol StagedOutputFactory: Sendable {
    /// The output's name for messages and the summary (`s3://bucket/key`).
    func name(part: Int?) -> String
    func open(part: Int?) throws -> any StagedOutput
}

/// What a conversion did.
public struct ConvertSummary: Sendable {
    public var rows = 0
    public var files: [String] = []
    public var inputBytes = 0
    public var outputBytes = 0
    public var seconds = 0.0

    /// `rows, files, input MB, output MB, seconds, MB/s`.
    public var line: String {
        let inMB = Double(inputBytes) / 1e6, outMB = Double(outputBytes) / 1e6
        return String(
            format: "converted %d rows into %d file(s): %.1f MB of JSON → %.1f MB of Parquet in %.2f s (%.1f MB/s)",
            rows, files.count, inMB, outMB, seconds, seconds > 0 ? inMB / seconds : 0)
    }
}

/// JSON batches → Parquet through a schema, streaming one batch file at a time.
public struct Converter: Sendable {
    public var schema: Schema
    public var options: ParquetWriterOptions
    /// Reject strings that are not UTF-8, naming file, line and member (the default), or repair them.
    public var invalidUTF8 = JSONParser.InvalidUTF8.reject
    /// Told after each input file: the file, how many files and rows are done. A conversion that starts over
    /// (a schema guess that did not hold) counts from zero again.
    public var progress: (@Sendable (_ file: String, _ files: Int, _ rows: Int) -> Void)?

    public init(schema: Schema, options: ParquetWriterOptions) {
        self.schema = schema
        self.options = options
        self.options.keyValueMetadata["tiki.schema"] = String(decoding: JSONWriter.encode(schema.encoded()), as: UTF8.self)
    }

    public func convert(_ files: [String], to destination: ConvertDestination) throws -> ConvertSummary {
        var noCheck: SchemaInferrer?
        return try convert(files, to: destination, inferring: &noCheck)
    }

    /// Converts with a schema inferred from the input, parsing it once when it can.
    ///
    /// Inferring first and converting after parses every batch twice (a parse is about half of a conversion's
    /// CPU). Instead the schema of the first file is a guess: the conversion runs with it while every record is
    /// also folded into a full inference, and the output is kept only when that inference ends where the guess
    /// began. Otherwise (a field that appears later, a type that widens, a record the guess cannot hold) nothing
    /// has been moved into place, and the conversion runs again with the schema inferred from everything.
    public static func convertInferringSchema(
        _ files: [String], options: ParquetWriterOptions, to destination: ConvertDestination,
        invalidUTF8: JSONParser.InvalidUTF8 = .reject,
        progress: (@Sendable (_ file: String, _ files: Int, _ rows: Int) -> Void)? = nil
    ) throws -> (schema: Schema, summary: ConvertSummary) {
        if let first = files.first, let guess = try? BatchInputs.inferSchema([first], invalidUTF8: invalidUTF8) {
            var inferrer: SchemaInferrer? = SchemaInferrer()
            var converter = Converter(schema: guess, options: options)
            converter.invalidUTF8 = invalidUTF8
            converter.progress = progress
            // Any failure here (records that do not fit the guess, or a real error) is met again below.
            if let summary = try? converter.convert(files, to: destination, inferring: &inferrer) {
                return (guess, summary)
            }
        }
        var converter = Converter(schema: try BatchInputs.inferSchema(files, invalidUTF8: invalidUTF8), options: options)
        converter.invalidUTF8 = invalidUTF8
        converter.progress = progress
        return (converter.schema, try converter.convert(files, to: destination))
    }

    /// Converts; with an `inferrer`, also folds every record into it and, before anything is moved into place,
    /// fails unless it infers exactly this converter's schema.
    private func convert(_ files: [String], to destination: ConvertDestination, inferring inferrer: inout SchemaInferrer?) throws -> ConvertSummary {
        let started = ContinuousClock.now
        var summary = ConvertSummary()
        let parquetSchema = SchemaMapping.parquetSchema(schema)
        var parts = PartWriter(destination: destination, schema: parquetSchema, options: options)
        do {
            var prefetch = BatchPrefetcher(files: files, invalidUTF8: invalidUTF8)
            var filesDone = 0
            while let (file, loaded) = prefetch.next() {
                let (data, records) = try loaded.get()
                summary.inputBytes += data
                for (index, record) in records.enumerated() {
                    try inferrer?.add(record, file: file, record: index + 1)
                    let row: [ParquetValue]
                    do { row = try SchemaMapping.row(record, schema: schema) } catch {
                        throw ConvertError(file: file, record: index + 1, message: error.description)
                    }
                    do { try parts.write(row) } catch let error as ParquetWriteError where error.column.isEmpty {
                        // Writing the output failed (a full disk, a missing folder): the input is not to blame.
                        throw ConvertError(file: parts.outputPath ?? "the output", message: error.message)
                    } catch {
                        throw ConvertError(file: file, record: index + 1, message: "\(error)")
                    }
                    summary.rows += 1
                }
                filesDone += 1
                progress?(file, filesDone, summary.rows)
            }
            guard summary.rows > 0 else { throw ConvertError(file: files.joined(separator: " "), message: "no records to convert") }
            if let inferrer, inferrer.schema(name: schema.name) != schema {
                throw ConvertError(file: files.joined(separator: " "), message: "the records do not all fit the schema of the first file")
            }
            let written: [(path: String, bytes: Int)]
            do { written = try parts.finish() } catch let error as ParquetWriteError where error.column.isEmpty {
                throw ConvertError(file: parts.outputPath ?? "the output", message: error.message)
            }
            summary.files = written.map(\.path)
            summary.outputBytes = written.reduce(0) { $0 + $1.bytes }
        } catch {
            parts.abandon()
            throw error
        }
        summary.seconds = (ContinuousClock.now - started).secondsValue
        return summary
    }
}

/// Reads and parses the next batch files on other threads while the current one is converted, `depth` of them
/// (one per core) at once.
package struct BatchPrefetcher {
    package typealias Loaded = Result<(bytes: Int, records: [JSONValue]), ConvertError>
    private let files: [String]
    private var nextIndex = 0
    /// Loads in flight, oldest first; each owns a read buffer and a queue, handed on to the load that replaces it.
    private var inFlight: [(file: String, done: DispatchSemaphore, result: ResultBox, worker: Worker)] = []

    final class ResultBox: @unchecked Sendable {
        var value: Loaded?
    }

    /// A read buffer, and a serial queue of its own. A serial queue gets a thread even while the row-group
    /// encoder fills the global pool; loads queued on the global pool ran only when the encoder left a thread
    /// free, and the writer spent half of a conversion waiting for them.
    final class Worker: @unchecked Sendable {
        var bytes: [UInt8] = []
        let queue = DispatchQueue(label: "tiki.convert.prefetch")
    }

    private let invalidUTF8: JSONParser.InvalidUTF8

    init(
        files: [String], invalidUTF8: JSONParser.InvalidUTF8 = .reject,
        depth: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)
    ) {
        self.files = files
        self.invalidUTF8 = invalidUTF8
        for _ in 0..<depth { start(on: Worker()) }
    }

    private mutating func start(on worker: Worker) {
        guard nextIndex < files.count else { return }
        let file = files[nextIndex]
        nextIndex += 1
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        worker.queue.async { [invalidUTF8] in
            result.value = Self.load(file, reusing: &worker.bytes, invalidUTF8: invalidUTF8)
            done.signal()
        }
        inFlight.append((file, done, result, worker))
    }

    mutating func next() -> (String, Loaded)? {
        guard !inFlight.isEmpty else { return nil }
        let oldest = inFlight.removeFirst()
        oldest.done.wait()
        start(on: oldest.worker)
        return (oldest.file, oldest.result.value!)
    }

    /// Reads and parses one batch file: a JSON array's elements, or the values of a JSON Lines file.
    package static func load(_ file: String, reusing buffer: inout [UInt8], invalidUTF8: JSONParser.InvalidUTF8 = .reject) -> Loaded {
        let count: Int
        do { count = try FileBytes.read(file, reusing: &buffer) } catch {
            return .failure(ConvertError(file: file, message: "cannot read the file: \(error.message)"))
        }
        do {
            let values = try JSONParser.parseSequence(buffer[..<count], invalidUTF8: invalidUTF8)
            if values.count == 1, case .array(let records) = values[0] { return .success((count, records)) }
            return .success((count, values))
        } catch {
            return .failure(ConvertError(file: file, message: "malformed JSON at \(error)"))
        }
    }
}

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
        self.options = options
    }

    mutating func write(_ row: [ParquetValue]) throws {
        if current == nil { try open() }
        try current!.writer.write(row: row)
        switch destination {
        case .directory(_, let maxRows), .staged(_, .some(let maxRows)):
            if current!.writer.rowsWritten >= maxRows { try closeCurrent() }
        default: break
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
                throw StorageError(path: file.final, message: "rename failed")
            }
        }
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

extension Duration {
    var secondsValue: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

#if canImport(Glibc)
import Glibc
#endif
