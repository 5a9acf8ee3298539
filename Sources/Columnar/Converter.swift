import BatchStore
import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// JSON batches → Parquet through a schema, streaming one batch file at a time.
package struct Converter: Sendable {
    package var schema: Schema
    package var options: ParquetWriterOptions
    /// Reject strings that are not UTF-8, naming file, line and member (the default), or repair them.
    package var invalidUTF8 = JSONParser.InvalidUTF8.reject
    /// Told after each input file: the file, how many files and rows are done. A conversion that starts over
    /// (a schema guess that did not hold) counts from zero again.
    package var progress: (@Sendable (_ file: String, _ files: Int, _ rows: Int) -> Void)?

    package init(schema: Schema, options: ParquetWriterOptions) {
        self.schema = schema
        self.options = options
        self.options.keyValueMetadata["tiki.schema"] = String(decoding: JSONWriter.encode(schema.encoded()), as: UTF8.self)
    }

    /// Converts, each file read straight into columns on a prefetch thread (`BatchShredder`) while this thread
    /// only appends whole batches of rows to the writer.
    package func convert(_ files: [String], to destination: ConvertDestination) throws -> ConvertSummary {
        try convert(files, to: destination, reading: .strict)
    }

    /// Converts with a schema inferred from the input, reading it once when it can.
    ///
    /// Inferring first and converting after reads every batch twice. Instead the schema of the first file is a
    /// guess, and the conversion runs with it reading values `.exact`ly: any value the guess would not type the
    /// same way (a number with a fraction in an int64 field, text where a number was, a null in a field never
    /// null before), any member it lacks and any repeated one fails it, and those are exactly the records that
    /// would make a full inference differ from the guess. Then nothing has been moved into place, and the
    /// conversion runs again with the schema inferred from everything.
    package static func convertInferringSchema(
        _ files: [String], options: ParquetWriterOptions, to destination: ConvertDestination,
        invalidUTF8: JSONParser.InvalidUTF8 = .reject,
        progress: (@Sendable (_ file: String, _ files: Int, _ rows: Int) -> Void)? = nil
    ) throws -> (schema: Schema, summary: ConvertSummary) {
        if let first = files.first, let guess = try? BatchInputs.inferSchema([first], invalidUTF8: invalidUTF8) {
            var converter = Converter(schema: guess, options: options)
            converter.invalidUTF8 = invalidUTF8
            converter.progress = progress
            // Any failure here (records that do not fit the guess, or a real error) is met again below.
            if let summary = try? converter.convert(files, to: destination, reading: .exact) {
                return (guess, summary)
            }
        }
        var converter = Converter(schema: try BatchInputs.inferSchema(files, invalidUTF8: invalidUTF8), options: options)
        converter.invalidUTF8 = invalidUTF8
        converter.progress = progress
        return (converter.schema, try converter.convert(files, to: destination))
    }

    private func convert(_ files: [String], to destination: ConvertDestination, reading: FieldType.Reading) throws -> ConvertSummary {
        let started = ContinuousClock.now
        let shredder = BatchShredder(schema: schema, invalidUTF8: invalidUTF8, reading: reading)
        var summary = ConvertSummary()
        var parts = PartWriter(destination: destination, schema: SchemaMapping.parquetSchema(schema), options: options)
        do {
            var prefetch = BatchPrefetcher(files: files) { file, bytes in shredder.rows(of: bytes, file: file) }
            var filesDone = 0
            while let (file, loaded) = prefetch.next() {
                let (data, rows) = try loaded.get()
                summary.inputBytes += data
                do { try parts.write(rows) } catch let error as ParquetWriteError where error.column.isEmpty {
                    // Writing the output failed (a full disk, a missing folder): the input is not to blame.
                    throw ConvertError(file: parts.outputPath ?? "the output", message: error.message)
                }
                summary.rows += rows.rowCount
                shredder.recycle(rows)
                filesDone += 1
                progress?(file, filesDone, summary.rows)
            }
            guard summary.rows > 0 else { throw ConvertError(file: files.joined(separator: " "), message: "no records to convert") }
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
        summary.seconds = (ContinuousClock.now - started) / .seconds(1)
        return summary
    }
}
