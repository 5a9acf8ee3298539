import BatchStore
import Foundation
import Parquet
import TikiJSON
import TikiSchema

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
        guard inferrer != nil else { return try convertShredding(files, to: destination) }
        return try writing(files, to: destination) { (parts, summary) in
            var prefetch = BatchPrefetcher(files: files, invalidUTF8: invalidUTF8)
            var filesDone = 0
            while let (file, loaded) = prefetch.next() {
                let (data, records) = try loaded.get()
                summary.inputBytes += data
                for (index, record) in records.enumerated() {
                    try inferrer?.add(record, file: file, record: index + 1)
                    let row: [ParquetValue]
                    do throws(RecordError) { row = try SchemaMapping.row(record, schema: schema) } catch {
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
        }
    }

    /// Converts with the schema known: each file is read straight into columns on a prefetch thread
    /// (`BatchShredder`), and this thread only appends whole batches of rows to the writer.
    private func convertShredding(_ files: [String], to destination: ConvertDestination) throws -> ConvertSummary {
        let shredder = BatchShredder(schema: schema, invalidUTF8: invalidUTF8)
        return try writing(files, to: destination) { (parts, summary) in
            var prefetch = BatchPrefetcher(files: files) { file, bytes in shredder.rows(of: bytes, file: file) }
            var filesDone = 0
            while let (file, loaded) = prefetch.next() {
                let (data, rows) = try loaded.get()
                summary.inputBytes += data
                do { try parts.write(rows) } catch let error as ParquetWriteError where error.column.isEmpty {
                    throw ConvertError(file: parts.outputPath ?? "the output", message: error.message)
                }
                summary.rows += rows.rowCount
                shredder.recycle(rows)
                filesDone += 1
                progress?(file, filesDone, summary.rows)
            }
            guard summary.rows > 0 else { throw ConvertError(file: files.joined(separator: " "), message: "no records to convert") }
        }
    }

    /// Runs `fill` over a part writer, then moves the output into place; on any error nothing is left behind.
    private func writing(
        _ files: [String], to destination: ConvertDestination, _ fill: (inout PartWriter, inout ConvertSummary) throws -> Void
    ) throws -> ConvertSummary {
        let started = ContinuousClock.now
        var summary = ConvertSummary()
        var parts = PartWriter(destination: destination, schema: SchemaMapping.parquetSchema(schema), options: options)
        do {
            try fill(&parts, &summary)
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

extension Duration {
    var secondsValue: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

#if canImport(Glibc)
import Glibc
#endif
