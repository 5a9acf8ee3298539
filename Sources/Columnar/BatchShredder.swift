import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// Reads a batch file's records straight into Parquet columns through a schema (`RecordWalker` into a
/// `RowBatchBuilder`).
///
/// The general path parsed every record into `JSONValue`s, mapped them to `ParquetValue` rows and shredded
/// those: three trees per record, and a `String` per text value that was copied twice more. Here each value goes
/// from the file's bytes to its column as it is read: text is validated once and copied once, and the output
/// is the same file, byte for byte (`BatchShredderTests`).
struct BatchShredder: Sendable {
    private let parquetSchema: ParquetSchema
    private let walker: RecordWalker
    /// Per plan id, its field in the Parquet schema.
    private let targets: [RowBatchBuilder.Field]
    private let spares = Spares()

    /// Batches given back, for the next files to fill once the writer is done with them.
    final class Spares: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [RowBatch] = []
        /// Given back while the writer may still hold them: it drafts a row group's pages from its batches.
        private var lent: [RowBatch] = []
        /// Room for any batch read so far.
        private var largest: RowBatch.Size?

        /// Room for any batch read so far, for a new batch to reserve when there is no spare.
        var roomForAny: RowBatch.Size? { lock.withLock { largest } }

        /// Notes the size of a batch just read.
        func note(_ size: RowBatch.Size) {
            lock.withLock { largest = largest.map { RowBatch.Size.largest($0, size) } ?? size }
        }

        func take() -> RowBatch? {
            lock.withLock {
                reclaimReleased()
                return batches.popLast()
            }
        }

        func put(_ batch: RowBatch) {
            lock.withLock {
                lent.append(batch)
                reclaimReleased()
            }
        }

        /// Moves the batches nobody else refers to any more from `lent` to `batches`.
        private func reclaimReleased() {
            var kept = 0
            for i in lent.indices {
                if isKnownUniquelyReferenced(&lent[i]) { batches.append(lent[i]) } else { lent.swapAt(i, kept); kept += 1 }
            }
            lent.removeLast(lent.count - kept)
        }
    }

    /// Gives back a batch handed to the writer; its memory is filled again once the writer lets go of it.
    func recycle(_ batch: RowBatch) { spares.put(batch) }

    init(schema: Schema, invalidUTF8: JSONParser.InvalidUTF8 = .reject, reading: FieldType.Reading = .strict) {
        parquetSchema = SchemaMapping.parquetSchema(schema)
        walker = RecordWalker(schema: schema, reading: reading, invalidUTF8: invalidUTF8)
        let builder = RowBatchBuilder(schema: parquetSchema)
        var targets: [(id: Int, field: RowBatchBuilder.Field)] = []
        func add(_ plans: [FieldPlan], _ fields: [RowBatchBuilder.Field]) {
            for (plan, field) in zip(plans, fields) {
                targets.append((plan.id, field))
                add(plan.children, builder.children(of: field))
                if let element = plan.element, let elementField = builder.element(of: field) { add([element], [elementField]) }
            }
        }
        add(walker.plans, builder.fields)
        self.targets = targets.sorted { $0.id < $1.id }.map(\.field)
    }

    /// A builder into a spare's memory, or into a new batch with room for the batches read so far: a batch's
    /// arrays grown from empty were copied and faulted in several times over (`perf stat -e page-faults`).
    private func newBuilder() -> RowBatchBuilder {
        if let spare = spares.take() { return RowBatchBuilder(schema: parquetSchema, reusing: spare) }
        if let size = spares.roomForAny { return RowBatchBuilder(schema: parquetSchema, reservingLike: size) }
        return RowBatchBuilder(schema: parquetSchema)
    }

    /// The rows of one batch file: a JSON array of records, or JSON Lines.
    func rows(of bytes: UnsafeBufferPointer<UInt8>, file: String) -> Result<RowBatch, ConvertError> {
        // Straight into the sink: a second owner of the builder's arrays would copy a spare's memory on first write.
        var sink = RowBatchSink(builder: newBuilder(), targets: targets)
        do throws(ConvertError) {
            try walker.read(bytes, file: file, into: &sink)
            let batch = sink.builder.finish()
            spares.note(batch.size)
            return .success(batch)
        } catch {
            return .failure(error)
        }
    }
}

/// Tells a `RowBatchBuilder` what the walker reads.
struct RowBatchSink: RecordSink {
    var builder: RowBatchBuilder
    /// Per plan id.
    let targets: [RowBatchBuilder.Field]

    mutating func beginRecord() { builder.beginRow() }

    mutating func endRecord() throws(RecordFault) { try Self.built { () throws(ParquetWriteError) in try builder.endRow() } }

    func isWritten(_ field: FieldPlan) -> Bool { builder.isWritten(targets[field.id]) }

    func missingRequired(among fields: [FieldPlan]) -> FieldPlan? {
        guard let missing = builder.missingRequiredField else { return nil }
        return fields.first { targets[$0.id] == missing }
    }

    mutating func null(_ field: FieldPlan) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.null(targets[field.id]) }
    }

    /// For the protocol's other callers: the walker reads strings through `text(_:from:)`.
    mutating func text(_ field: FieldPlan, _ utf8: UnsafeBufferPointer<UInt8>) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.bytes(targets[field.id], utf8) }
    }

    /// Unescaped straight into the column, so a string is copied once on its way there: through `text(_:_:)`, a
    /// string with an escape went into the reader's scratch buffer first, and 99.95% of the offline job's
    /// descriptions have one.
    mutating func text(_ field: FieldPlan, from reader: inout JSONReader) throws(RecordFault) {
        var failure: JSONParseError?
        try Self.built { () throws(ParquetWriteError) in
            try builder.bytes(targets[field.id], filling: { bytes in
                do throws(JSONParseError) { try reader.appendUTF8(to: &bytes) } catch { failure = error }
            })
        }
        if let failure { throw .json(failure) }
    }

    mutating func scalar(_ field: FieldPlan, _ value: ScalarValue) throws(RecordFault) {
        let target = targets[field.id]
        try Self.built { () throws(ParquetWriteError) in
            switch value {
            case .int64(let i), .timestamp(let i): try builder.int64(target, i)
            case .int32(let i): try builder.int32(target, i)
            case .double(let d): try builder.double(target, d)
            case .boolean(let b): try builder.boolean(target, b)
            case .string(let s):
                try Array(s.utf8).withUnsafeBufferPointer { (utf8) throws(ParquetWriteError) in try builder.bytes(target, utf8) }
            }
        }
    }

    mutating func beginList(_ field: FieldPlan) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.beginList(targets[field.id]) }
    }

    mutating func endList(_ field: FieldPlan) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.endList() }
    }

    mutating func beginGroup(_ field: FieldPlan) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.beginGroup(targets[field.id]) }
    }

    mutating func endGroup(_ field: FieldPlan) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.endGroup() }
    }

    func takesWhole(_ field: FieldPlan) -> Bool { false }

    mutating func whole(_ field: FieldPlan, _ value: JSONValue) throws(RecordFault) {
        throw .refused("internal error: a whole value for \(field.name)")
    }

    /// Runs a builder step. The targets follow the schema, so a builder error is a fault of ours, said as such.
    private static func built(_ step: () throws(ParquetWriteError) -> Void) throws(RecordFault) {
        do { try step() } catch { throw .refused("internal error: \(error)") }
    }
}
