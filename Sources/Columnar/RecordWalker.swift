import TikiJSON
import TikiSchema

/// Reads a batch file's records token by token through a schema and tells a sink what it finds, without making
/// a `JSONValue` of any record.
///
/// What a value means for its type is decided by `FieldType.scalar` (only the verbatim case, a JSON string in a
/// string field, skips it); errors are worded as the general path words them (`BatchShredderTests`).
package struct RecordWalker: Sendable {
    package let plans: [FieldPlan]
    /// How values are read: `.strict` for a schema given, `.exact` to check a guessed one.
    package let reading: FieldType.Reading
    /// Reject strings that are not UTF-8 (naming file, line and member), or repair them.
    package let invalidUTF8: JSONParser.InvalidUTF8
    /// With `.exact`, a member the schema lacks (or a repeated one) fails: the guess would not survive a full
    /// inference.
    private var rejectsUnknownMembers: Bool { reading == .exact }

    package init(schema: Schema, reading: FieldType.Reading = .strict, invalidUTF8: JSONParser.InvalidUTF8 = .reject) {
        plans = FieldPlan.plans(schema)
        self.reading = reading
        self.invalidUTF8 = invalidUTF8
    }

    typealias Fault = RecordFault

    /// Reads every record of a batch file's bytes (a JSON array of records, or JSON Lines) into `sink`; the error
    /// names `file` and, for a record that does not fit, the record and field.
    package func read<Sink: RecordSink>(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into sink: inout Sink) throws(ConvertError) {
        var reader = JSONReader(bytes, invalidUTF8: invalidUTF8)
        var count = 0
        do throws(Fault) { try records(&reader, &sink, count: &count) } catch {
            switch error {
            case .json(let error): throw ConvertError(file: file, message: "malformed JSON at \(error)")
            case .field(let path, let message):
                throw ConvertError(file: file, record: count, message: FieldMismatch(field: path, message: message).description)
            case .refused(let message): throw ConvertError(file: file, record: count, message: message)
            }
        }
    }

    /// `count` is the 1-based number of the record being read when a fault is thrown.
    private func records<Sink: RecordSink>(_ reader: inout JSONReader, _ sink: inout Sink, count: inout Int) throws(Fault) {
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
                    try row(&reader, &sink, depth: 1)
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
            do throws(Fault) { try row(&reader, &sink, depth: 0) } catch {
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

    private func row<Sink: RecordSink>(_ reader: inout JSONReader, _ sink: inout Sink, depth: Int) throws(Fault) {
        reader.skipWhitespace()
        guard !reader.atEnd else { throw .json(reader.error("unexpected end of input")) }
        guard reader.bytes[reader.index] == UInt8(ascii: "{") else {
            let value = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
            throw .field("<record>", message: "expected a JSON object, found \(value.kindName)")
        }
        sink.beginRecord()
        try members(&reader, &sink, plans, depth: depth + 1)
        try sink.endRecord()
    }

    /// An object's members (at its opening brace) into the open row or group; fields it lacks are null.
    private func members<Sink: RecordSink>(_ reader: inout JSONReader, _ sink: inout Sink, _ plans: [FieldPlan], depth: Int) throws(Fault) {
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
                if let plan, !sink.isWritten(plan) {
                    do throws(Fault) { try value(&reader, &sink, plan, depth: depth) } catch { throw error.under(plan.name) }
                } else if rejectsUnknownMembers {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: reader.bytes[reader.lastKey]), as: UTF8.self)
                    throw .field(name, message: plan == nil ? FieldProblem.unknown : "repeated")
                } else {
                    // A member the schema does not name, or a repeated one (the first counts, as in `JSONObject`):
                    // parsed in full all the same, so a file is rejected for the same faults either way.
                    _ = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
                }
                try separator(&reader, close: "}")
                if reader.bytes[reader.index - 1] == UInt8(ascii: "}") { break }
            }
        }
        if let missing = sink.missingRequired(among: plans) {
            throw .field(missing.name, message: FieldProblem.missing)
        }
    }

    /// The field a key (at its opening quote) names, or `nil`.
    private func key(_ reader: inout JSONReader, _ plans: [FieldPlan]) throws(Fault) -> FieldPlan? {
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

    /// One value (after its key or in a list) of a field into the sink.
    private func value<Sink: RecordSink>(_ reader: inout JSONReader, _ sink: inout Sink, _ plan: FieldPlan, depth: Int) throws(Fault) {
        reader.skipWhitespace()
        guard !reader.atEnd else { throw .json(reader.error("unexpected end of input")) }
        let first = reader.bytes[reader.index]
        if first == UInt8(ascii: "n") {
            try Self.json { () throws(JSONParseError) in try reader.expectLiteral("null") }
            guard plan.nullable else { throw .field("", message: FieldProblem.null) }
            try sink.null(plan)
            return
        }
        if sink.takesWhole(plan) {
            let json = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
            try sink.whole(plan, json)
            return
        }
        switch plan.type {
        case .list:
            guard first == UInt8(ascii: "[") else { throw try mismatch(&reader, plan, depth: depth) }
            guard depth + 1 <= JSONReader.maxDepth else { throw .json(reader.error("nesting deeper than \(JSONReader.maxDepth)")) }
            try sink.beginList(plan)
            try elements(&reader, &sink, plan.element!, depth: depth + 1)
            try sink.endList(plan)
        case .struct:
            guard first == UInt8(ascii: "{") else { throw try mismatch(&reader, plan, depth: depth) }
            try sink.beginGroup(plan)
            do throws(Fault) { try members(&reader, &sink, plan.children, depth: depth + 1) } catch { throw error.under(".") }
            try sink.endGroup(plan)
        default:
            if first == UInt8(ascii: "\""), plan.type.readsJSONStringVerbatim {
                try sink.text(plan, from: &reader)
                return
            }
            let json = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
            guard let scalar = plan.type.scalar(json, reading: reading) else { throw .field("", message: plan.type.mismatch(json)) }
            try sink.scalar(plan, scalar)
        }
    }

    /// A list's elements, at its opening bracket.
    private func elements<Sink: RecordSink>(_ reader: inout JSONReader, _ sink: inout Sink, _ element: FieldPlan, depth: Int) throws(Fault) {
        reader.index += 1
        reader.skipWhitespace()
        if !reader.atEnd, reader.bytes[reader.index] == UInt8(ascii: "]") {
            reader.index += 1
            return
        }
        var i = 0
        while true {
            do throws(Fault) { try value(&reader, &sink, element, depth: depth) } catch { throw error.under("[\(i)]") }
            i += 1
            try separator(&reader, close: "]")
            if reader.bytes[reader.index - 1] == UInt8(ascii: "]") { return }
        }
    }

    /// The fault for a value of the wrong kind: parsed in full only now, to be quoted.
    private func mismatch(_ reader: inout JSONReader, _ plan: FieldPlan, depth: Int) throws(Fault) -> Fault {
        let json = try Self.json { () throws(JSONParseError) in try reader.parseValue(depth: depth) }
        return .field("", message: plan.type.mismatch(json))
    }

    // MARK: Faults

    static func json<R>(_ step: () throws(JSONParseError) -> R) throws(Fault) -> R {
        do { return try step() } catch { throw .json(error) }
    }
}
