import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// Reads a batch file's records straight into Parquet columns through a schema, token by token.
///
/// The general path parses every record into `JSONValue`s, maps them to `ParquetValue` rows and shreds those:
/// three trees per record, and a `String` per text value that is copied twice more. Here each value goes from
/// the file's bytes to its column as it is read: text is validated once and copied once. What a value means for
/// its type is still decided by `FieldType.scalar` (only the verbatim case, a JSON string in a string field,
/// skips it), and the output is the same file, byte for byte (`BatchShredderTests`).
struct BatchShredder: Sendable {
    /// A schema field, with its place in the Parquet schema and its name as bytes to match keys against.
    final class Plan: Sendable {
        let name: String
        let nameBytes: [UInt8]
        let type: FieldType
        let nullable: Bool
        let target: RowBatchBuilder.Field
        let children: [Plan]
        let element: Plan?

        init(name: String, type: FieldType, nullable: Bool, target: RowBatchBuilder.Field, builder: RowBatchBuilder) {
            self.name = name
            nameBytes = Array(name.utf8)
            self.type = type
            self.nullable = nullable
            self.target = target
            switch type {
            case .struct(let fields):
                children = Self.plans(fields, targets: builder.children(of: target), builder: builder)
                element = nil
            case .list(let elementType):
                children = []
                // List elements are nullable in the Parquet mapping, as in `SchemaMapping`.
                element = Plan(name: "element", type: elementType, nullable: true, target: builder.element(of: target)!, builder: builder)
            default:
                children = []
                element = nil
            }
        }

        static func plans(_ fields: [Field], targets: [RowBatchBuilder.Field], builder: RowBatchBuilder) -> [Plan] {
            zip(fields, targets).map { Plan(name: $0.name, type: $0.type, nullable: $0.nullable, target: $1, builder: builder) }
        }
    }

    private let parquetSchema: ParquetSchema
    private let plans: [Plan]
    let invalidUTF8: JSONParser.InvalidUTF8
    /// How values are read: `.strict` for a schema given, `.exact` to check a guessed one.
    let reading: FieldType.Reading
    /// With `.exact`, a member the schema lacks (or a repeated one) fails: the guess would not survive a full
    /// inference.
    private var rejectsUnknownMembers: Bool { reading == .exact }
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
        let builder = RowBatchBuilder(schema: parquetSchema)
        plans = Plan.plans(schema.fields, targets: builder.fields, builder: builder)
        self.invalidUTF8 = invalidUTF8
        self.reading = reading
    }

    /// Why a file could not be read: its JSON, or a field of a record (the path below where it is caught).
    enum Fault: Error {
        case json(JSONParseError)
        case field(String, message: String)

        /// The same fault with `prefix` before its field path.
        func under(_ prefix: String) -> Fault {
            if case .field(let path, let message) = self { return .field(prefix + path, message: message) }
            return self
        }
    }

    /// The rows of one batch file: a JSON array of records, or JSON Lines.
    func rows(of bytes: UnsafeBufferPointer<UInt8>, file: String) -> Result<RowBatch, ConvertError> {
        var reader = JSONReader(bytes, invalidUTF8: invalidUTF8)
        var builder = spares.take().map { RowBatchBuilder(schema: parquetSchema, reusing: $0) } ?? RowBatchBuilder(schema: parquetSchema)
        var count = 0
        do throws(Fault) {
            try records(&reader, &builder, count: &count)
            return .success(builder.finish())
        } catch {
            switch error {
            case .json(let error): return .failure(ConvertError(file: file, message: "malformed JSON at \(error)"))
            case .field(let path, let message):
                return .failure(ConvertError(file: file, record: count, message: RecordError(field: path, message: message).description))
            }
        }
    }

    private func records(_ reader: inout JSONReader, _ builder: inout RowBatchBuilder, count: inout Int) throws(Fault) {
        reader.skipWhitespace()
        guard !reader.atEnd else { return }
        if reader.bytes[reader.index] == UInt8(ascii: "[") {
            // One JSON array of records (the batch files ingest writes).
            reader.index += 1
            reader.skipWhitespace()
            if !reader.atEnd, reader.bytes[reader.index] == UInt8(ascii: "]") {
                reader.index += 1
            } else {
                while true {
                    count += 1
                    try row(&reader, &builder, depth: 1)
                    try separator(&reader, close: "]")
                    if reader.bytes[reader.index - 1] == UInt8(ascii: "]") { break }
                }
            }
            reader.skipWhitespace()
            // More values after the array: JSON Lines whose first line is an array, which is not a record.
            guard reader.atEnd else {
                count = 1
                throw .field("<record>", message: "expected a JSON object, found array")
            }
            return
        }
        // JSON Lines: one record per value; a broken value is located at the line where it began.
        while !reader.atEnd {
            let start = reader.index
            count += 1
            do throws(Fault) { try row(&reader, &builder, depth: 0) } catch {
                guard case .json(var located) = error else { throw error }
                located.valueLine = reader.line(at: start)
                throw .json(located)
            }
            reader.skipWhitespace()
        }
    }

    /// After a member or an element: a comma, or the closing bracket or brace (consumed either way).
    private func separator(_ reader: inout JSONReader, close: Unicode.Scalar) throws(Fault) {
        reader.skipWhitespace()
        guard !reader.atEnd else { throw .json(reader.error(close == "]" ? "unexpected end of input in array" : "unexpected end of input in object")) }
        let b = reader.bytes[reader.index]
        guard b == UInt8(ascii: ",") || b == UInt8(ascii: close) else { throw .json(reader.error("expected ',' or '\(close)'")) }
        reader.index += 1
    }

    private func row(_ reader: inout JSONReader, _ builder: inout RowBatchBuilder, depth: Int) throws(Fault) {
        reader.skipWhitespace()
        guard !reader.atEnd else { throw .json(reader.error("unexpected end of input")) }
        guard reader.bytes[reader.index] == UInt8(ascii: "{") else {
            let value = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
            throw .field("<record>", message: "expected a JSON object, found \(value.kindName)")
        }
        builder.beginRow()
        try members(&reader, &builder, plans, depth: depth + 1)
        try Self.built { () throws(ParquetWriteError) in try builder.endRow() }
    }

    /// An object's members (at its opening brace) into the open row or group; fields it lacks are null.
    private func members(_ reader: inout JSONReader, _ builder: inout RowBatchBuilder, _ plans: [Plan], depth: Int) throws(Fault) {
        guard depth <= JSONReader.maxDepth else { throw .json(reader.error("nesting deeper than \(JSONReader.maxDepth)")) }
        reader.index += 1
        reader.skipWhitespace()
        if !reader.atEnd, reader.bytes[reader.index] == UInt8(ascii: "}") {
            reader.index += 1
        } else {
            while true {
                reader.skipWhitespace()
                guard !reader.atEnd, reader.bytes[reader.index] == UInt8(ascii: "\"") else { throw .json(reader.error("expected a string key")) }
                let plan = try key(&reader, plans)
                reader.skipWhitespace()
                guard !reader.atEnd, reader.bytes[reader.index] == UInt8(ascii: ":") else { throw .json(reader.error("expected ':'")) }
                reader.index += 1
                if let plan, !builder.isWritten(plan.target) {
                    do throws(Fault) { try value(&reader, &builder, plan, depth: depth) } catch { throw error.under(plan.name) }
                } else if rejectsUnknownMembers {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: reader.bytes[reader.lastKey]), as: UTF8.self)
                    throw .field(name, message: plan == nil ? "not in the schema" : "repeated")
                } else {
                    // A member the schema does not name, or a repeated one (the first counts, as in `JSONObject`):
                    // parsed in full all the same, so a file is rejected for the same faults either way.
                    _ = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
                }
                try separator(&reader, close: "}")
                if reader.bytes[reader.index - 1] == UInt8(ascii: "}") { break }
            }
        }
        if let missing = builder.missingRequiredField, let plan = plans.first(where: { $0.target == missing }) {
            throw .field(plan.name, message: "missing required field")
        }
    }

    /// The field a key (at its opening quote) names, or `nil`.
    private func key(_ reader: inout JSONReader, _ plans: [Plan]) throws(Fault) -> Plan? {
        let start = reader.index + 1
        try Self.json { () throws(JSONParseError) in try reader.skipString() }
        reader.lastKey = start..<(reader.index - 1)
        let raw = UnsafeBufferPointer(rebasing: reader.bytes[start..<(reader.index - 1)])
        for plan in plans where plan.nameBytes.count == raw.count && plan.nameBytes.elementsEqual(raw) { return plan }
        // Not a field's name as written: decode it (escapes, and the UTF-8 check every key gets) and look again.
        reader.index = start - 1
        let name = try Self.json { () throws(JSONParseError) in try reader.parseString() }
        return plans.first { $0.name == name }
    }

    /// One value (after its key or in a list) of a field into the builder.
    private func value(_ reader: inout JSONReader, _ builder: inout RowBatchBuilder, _ plan: Plan, depth: Int) throws(Fault) {
        reader.skipWhitespace()
        guard !reader.atEnd else { throw .json(reader.error("unexpected end of input")) }
        let first = reader.bytes[reader.index]
        if first == UInt8(ascii: "n") {
            try Self.json { () throws(JSONParseError) in try reader.expectLiteral("null") }
            guard plan.nullable else { throw .field("", message: "null in a non-nullable field") }
            try Self.built { () throws(ParquetWriteError) in try builder.null(plan.target) }
            return
        }
        switch plan.type {
        case .list:
            guard first == UInt8(ascii: "[") else { throw try mismatch(&reader, plan, depth: depth) }
            guard depth + 1 <= JSONReader.maxDepth else { throw .json(reader.error("nesting deeper than \(JSONReader.maxDepth)")) }
            try Self.built { () throws(ParquetWriteError) in try builder.beginList(plan.target) }
            try elements(&reader, &builder, plan.element!, depth: depth + 1)
            try Self.built { () throws(ParquetWriteError) in try builder.endList() }
        case .struct:
            guard first == UInt8(ascii: "{") else { throw try mismatch(&reader, plan, depth: depth) }
            try Self.built { () throws(ParquetWriteError) in try builder.beginGroup(plan.target) }
            do throws(Fault) { try members(&reader, &builder, plan.children, depth: depth + 1) } catch { throw error.under(".") }
            try Self.built { () throws(ParquetWriteError) in try builder.endGroup() }
        default:
            if first == UInt8(ascii: "\""), plan.type.readsJSONStringVerbatim {
                var failure: ParquetWriteError?
                try Self.json { () throws(JSONParseError) in
                    try reader.parseUTF8 { utf8 in
                        do throws(ParquetWriteError) { try builder.bytes(plan.target, utf8) } catch { failure = error }
                    }
                }
                if let failure { throw Self.internalFault(failure) }
                return
            }
            let json = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
            guard let scalar = plan.type.scalar(json, reading: reading) else { throw .field("", message: plan.type.mismatch(json)) }
            try Self.built { () throws(ParquetWriteError) in try write(scalar, plan.target, &builder) }
        }
    }

    /// A list's elements, at its opening bracket.
    private func elements(_ reader: inout JSONReader, _ builder: inout RowBatchBuilder, _ element: Plan, depth: Int) throws(Fault) {
        reader.index += 1
        reader.skipWhitespace()
        if !reader.atEnd, reader.bytes[reader.index] == UInt8(ascii: "]") {
            reader.index += 1
            return
        }
        var i = 0
        while true {
            do throws(Fault) { try value(&reader, &builder, element, depth: depth) } catch { throw error.under("[\(i)]") }
            i += 1
            try separator(&reader, close: "]")
            if reader.bytes[reader.index - 1] == UInt8(ascii: "]") { return }
        }
    }

    /// The fault for a value of the wrong kind: parsed in full only now, to be quoted.
    private func mismatch(_ reader: inout JSONReader, _ plan: Plan, depth: Int) throws(Fault) -> Fault {
        let json = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
        return .field("", message: plan.type.mismatch(json))
    }

    private func write(_ scalar: ScalarValue, _ target: RowBatchBuilder.Field, _ builder: inout RowBatchBuilder) throws(ParquetWriteError) {
        switch scalar {
        case .int64(let i), .timestamp(let i): try builder.int64(target, i)
        case .int32(let i): try builder.int32(target, i)
        case .double(let d): try builder.double(target, d)
        case .boolean(let b): try builder.boolean(target, b)
        case .string(let s):
            try Array(s.utf8).withUnsafeBufferPointer { (utf8) throws(ParquetWriteError) in try builder.bytes(target, utf8) }
        }
    }

    // MARK: Faults

    private static func json<R>(_ step: () throws(JSONParseError) -> R) throws(Fault) -> R {
        do { return try step() } catch { throw .json(error) }
    }

    /// Runs a builder step. The plans follow the schema, so a builder error is a fault of ours, said as such.
    private static func built(_ step: () throws(ParquetWriteError) -> Void) throws(Fault) {
        do { try step() } catch { throw internalFault(error) }
    }

    private static func internalFault(_ error: ParquetWriteError) -> Fault {
        .field("", message: "internal error: \(error)")
    }
}
