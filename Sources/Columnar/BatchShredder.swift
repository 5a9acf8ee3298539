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

    /// Batches the writer is done with, for the next files to fill.
    final class Spares: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [RowBatch] = []

        func take() -> RowBatch? { lock.withLock { batches.popLast() } }

        func put(_ batch: RowBatch) { lock.withLock { batches.append(batch) } }
    }

    /// Gives back a batch whose rows are written, so its memory is filled again.
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

    /// The rows of one batch file: a JSON array of records, or JSON Lines.
    func rows(of bytes: UnsafeBufferPointer<UInt8>, file: String) -> Result<RowBatch, ConvertError> {
        // Straight into the sink: a second owner of the builder's arrays would copy a spare's memory on first write.
        var sink = RowBatchSink(
            builder: spares.take().map { RowBatchBuilder(schema: parquetSchema, reusing: $0) } ?? RowBatchBuilder(schema: parquetSchema),
            targets: targets)
        do throws(ConvertError) {
            try walker.read(bytes, file: file, into: &sink)
            return .success(sink.builder.finish())
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

    mutating func text(_ field: FieldPlan, _ utf8: UnsafeBufferPointer<UInt8>) throws(RecordFault) {
        try Self.built { () throws(ParquetWriteError) in try builder.bytes(targets[field.id], utf8) }
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
