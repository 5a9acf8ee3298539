import BatchStore
import Columnar
import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// Turns input files into COPY text: JSON batches read through the schema (`RecordWalker`), rows of our Parquet
/// files encoded whole.
struct ChunkEncoder: Sendable {
    let schema: Schema
    let columns: [ColumnDefinition]
    let nulPolicy: CopyTextEncoder.NulPolicy
    let invalidUTF8: JSONParser.InvalidUTF8
    /// Rows per chunk of a Parquet row group, so a large row group is sent in pieces.
    var parquetRowsPerChunk = 2_000

    /// A JSON batch file as one chunk, read straight into COPY text (`RecordWalker` into a `CopyRowSink`); the
    /// error names file, record and field.
    func encodeJSONBatch(_ file: String) throws(LoadError) -> EncodedChunk {
        var buffer: [UInt8] = []
        let walker = RecordWalker(schema: schema, invalidUTF8: invalidUTF8)
        // The file could be read (outer result), and its records encoded or not (inner).
        let loaded = BatchPrefetcher<Result<CopyRowSink, LoadError>>.load(file, reusing: &buffer) { [columns, nulPolicy] file, bytes in
            var sink = CopyRowSink(columns: columns, nulPolicy: nulPolicy, reservingCapacity: bytes.count + bytes.count / 8)
            do throws(ConvertError) {
                try walker.read(bytes, file: file, into: &sink)
                return .success(.success(sink))
            } catch {
                return .success(.failure(LoadError(.input, error.description, remedy: sink.refusedNUL ? .stripNUL : nil)))
            }
        }
        switch loaded {
        case .success(let (inputBytes, encoded)):
            let sink = try encoded.get()
            return EncodedChunk(
                file: file, firstRecord: 1, rows: sink.rowCount, bytes: sink.rows, inputBytes: inputBytes,
                strippedValues: sink.strippedValues)
        case .failure(let error):
            throw LoadError(.input, error.description)
        }
    }

    /// Opens a Parquet file of ours, checking that it was written for this schema.
    func openParquet(_ file: String) throws(LoadError) -> ParquetFileReader {
        let reader: ParquetFileReader
        do { reader = try ParquetFileReader(path: file) } catch {
            throw LoadError(.input, "\(error)")
        }
        guard let text = reader.metadata.keyValueMetadata.first(where: { $0.key == "tiki.schema" })?.value else {
            throw LoadError(.input, "\(file): not written by tiki-pipeline convert (no tiki.schema metadata), so its schema is unknown")
        }
        let embedded: Schema
        do { embedded = try Schema.decode(try JSONParser.parse(text), file: "\(file) (tiki.schema)") } catch {
            throw LoadError(.input, "\(file): its tiki.schema metadata is not a valid schema: \(error)")
        }
        guard embedded.fields == schema.fields else {
            let ours = Set(schema.fieldNames), theirs = Set(embedded.fieldNames)
            let detail = ours == theirs ? "the same fields with other types or options" : "fields \(embedded.fieldNames.joined(separator: ", "))"
            throw LoadError(.input, "\(file): written with schema \(embedded.name) (\(detail)), not the load's schema \(schema.name)")
        }
        return reader
    }

    /// The rows of one row group, in chunks of `parquetRowsPerChunk`.
    func encodeParquet(_ reader: ParquetFileReader, rowGroup: Int, firstRow: Int) throws(LoadError) -> [EncodedChunk] {
        let rows: [[ParquetValue]]
        do { rows = try reader.readRows(rowGroup: rowGroup) } catch {
            throw LoadError(.input, "\(error)")
        }
        var chunks: [EncodedChunk] = []
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + parquetRowsPerChunk)
            var encoder = CopyTextEncoder(columns: columns, nulPolicy: nulPolicy)
            for r in start..<end {
                do { try encoder.append(row: rows[r]) } catch {
                    throw LoadError(.input, "\(reader.path): row \(firstRow + r): \(error)", remedy: error.isNUL ? .stripNUL : nil)
                }
            }
            chunks.append(EncodedChunk(
                file: reader.path, firstRecord: firstRow + start, rows: end - start, bytes: encoder.take(),
                inputBytes: 0, strippedValues: encoder.strippedValues))
            start = end
        }
        return chunks
    }
}
