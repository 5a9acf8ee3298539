import Parquet
import TikiJSON
import TikiSchema

/// Writes rows in PostgreSQL's COPY text format: columns separated by tabs, rows ended by newlines, NULL as `\N`,
/// and backslash, tab, newline and carriage return escaped with a backslash.
///
/// Rows of our Parquet files arrive whole, as `ParquetValue`s (`append(row:)`); JSON batches arrive a value at a
/// time from `CopyRowSink` (the `appendText`/`appendScalar`/`appendDocument` pieces). Both are written by this one
/// encoder, so a value is spelled the same whichever input it came from (`CopyRowSinkTests` compares them).
package struct CopyTextEncoder: Sendable {
    /// What to do with U+0000, which neither `text` nor `jsonb` can store.
    package enum NulPolicy: String, Sendable {
        /// Fail, naming the record and column: data is not changed silently.
        case reject
        /// Drop the character and count the values changed.
        case strip
    }

    package private(set) var bytes: [UInt8] = []
    package let columns: [ColumnDefinition]
    package var nulPolicy: NulPolicy
    /// Values from which U+0000 was stripped.
    package private(set) var strippedValues = 0

    package init(columns: [ColumnDefinition], nulPolicy: NulPolicy = .reject, reservingCapacity capacity: Int = 0) {
        self.columns = columns
        self.nulPolicy = nulPolicy
        bytes.reserveCapacity(capacity)
    }

    /// Hands over the bytes written so far and starts an empty buffer of the same capacity.
    package mutating func take() -> [UInt8] {
        let out = bytes
        bytes = []
        bytes.reserveCapacity(out.capacity)
        return out
    }

    /// Appends one row; on error nothing of the row is left in the buffer.
    package mutating func append(row: [ParquetValue]) throws(CopyEncodingError) {
        guard row.count == columns.count else {
            throw CopyEncodingError(column: "<row>", message: "\(row.count) values for \(columns.count) columns")
        }
        let start = bytes.count
        do {
            for (i, column) in columns.enumerated() {
                if i > 0 { bytes.append(0x09) }
                try appendValue(row[i], column: column)
            }
        } catch {
            bytes.removeSubrange(start...)
            throw error
        }
        bytes.append(0x0A)
    }

    private mutating func appendValue(_ value: ParquetValue, column: ColumnDefinition) throws(CopyEncodingError) {
        if case .null = value {
            guard column.nullable else { throw CopyEncodingError(column: column.name, message: "null in a NOT NULL column") }
            bytes.append(0x5C)
            bytes.append(UInt8(ascii: "N"))
            return
        }
        switch column.fieldType {
        case .list(let element) where element.isScalar:
            guard case .list(let items) = value else { throw mismatch(value, column) }
            try appendArray(items, element: element, column: column)
        case .list, .struct:
            try appendDocument(value, column: column)
        default:
            try appendScalar(value, column.fieldType, column: column, inArray: false)
        }
    }

    // MARK: Pieces, for rows written a field at a time (`CopyRowSink`)

    /// Empties the buffer, keeping its memory.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    mutating func appendNull(inArray: Bool) {
        if inArray {
            bytes.append(contentsOf: [0x4E, 0x55, 0x4C, 0x4C])  // NULL
        } else {
            bytes.append(0x5C)
            bytes.append(UInt8(ascii: "N"))
        }
    }

    mutating func appendRaw(_ byte: UInt8) { bytes.append(byte) }

    /// Text, escaped for COPY (and quoted as an array element when `inArray`).
    mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>, column: String, inArray: Bool) throws(CopyEncodingError) {
        try appendEscaped(utf8, column: column, quoting: inArray)
    }

    /// A scalar the schema's reading gave.
    mutating func appendScalar(_ value: ScalarValue, column: String, inArray: Bool) throws(CopyEncodingError) {
        switch value {
        case .int64(let i): appendInteger(i)
        case .int32(let i): appendInteger(Int64(i))
        case .double(let d): appendDouble(d)
        case .boolean(let b): bytes.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .string(let s):
            try Array(s.utf8).withUnsafeBufferPointer { (utf8) throws(CopyEncodingError) in
                try appendEscaped(utf8, column: column, quoting: inArray)
            }
        case .timestamp(let micros): appendTimestamp(micros, inArray: inArray)
        }
    }

    /// A struct or a list of non-scalars as one `jsonb` document.
    mutating func appendDocument(_ value: ParquetValue, column: ColumnDefinition) throws(CopyEncodingError) {
        var writer = JSONWriter()
        writer.write(try json(value, column.fieldType, column: column.name))
        try writer.bytes.withUnsafeBufferPointer { utf8 in
            Result { () throws(CopyEncodingError) in try appendEscaped(utf8, column: column.name, quoting: false) }
        }.get()
    }

    private func mismatch(_ value: ParquetValue, _ column: ColumnDefinition) -> CopyEncodingError {
        CopyEncodingError(column: column.name, message: "a \(Self.kindName(value)) value for a \(column.fieldType) column")
    }

    /// A scalar; in an array, strings and timestamps are double-quoted (array syntax) before COPY escaping.
    private mutating func appendScalar(
        _ value: ParquetValue, _ type: FieldType, column: ColumnDefinition, inArray: Bool
    ) throws(CopyEncodingError) {
        switch (type, value) {
        case (.int64, .int64(let i)), (.int32, .int64(let i)): appendInteger(i)
        case (.int32, .int32(let i)), (.int64, .int32(let i)): appendInteger(Int64(i))
        case (.double, .double(let d)): appendDouble(d)
        case (.double, .float(let f)): appendDouble(Double(f))
        case (.double, .int64(let i)): appendDouble(Double(i))
        case (.double, .int32(let i)): appendDouble(Double(i))
        case (.boolean, .boolean(let b)): bytes.append(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case (.string, .string(let s)):
            var s = s
            try s.withUTF8 { utf8 in
                Result { () throws(CopyEncodingError) in try appendEscaped(utf8, column: column.name, quoting: inArray) }
            }.get()
        case (.timestamp, .int64(let micros)):
            appendTimestamp(micros, inArray: inArray)
        default:
            throw mismatch(value, column)
        }
    }

    /// ISO 8601 with `Z`: timestamptz reads it as UTC whatever the session's TimeZone.
    private mutating func appendTimestamp(_ micros: Int64, inArray: Bool) {
        let text = Array(TimestampParser.iso8601(microseconds: micros).utf8)
        if inArray { bytes.append(0x22) }
        bytes.append(contentsOf: text)
        if inArray { bytes.append(0x22) }
    }

    /// `{e1,e2,NULL}`: the array literal, itself then escaped for COPY.
    private mutating func appendArray(_ items: [ParquetValue], element: FieldType, column: ColumnDefinition) throws(CopyEncodingError) {
        bytes.append(UInt8(ascii: "{"))
        for (i, item) in items.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            if case .null = item {
                bytes.append(contentsOf: [0x4E, 0x55, 0x4C, 0x4C])  // NULL
            } else {
                try appendScalar(item, element, column: column, inArray: true)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Decimal digits, written backwards in place and reversed: no allocation per value.
    private mutating func appendInteger(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let start = bytes.count
        var magnitude = value.magnitude
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    /// The shortest text that reads back as the same double; PostgreSQL's spellings for the special values.
    private mutating func appendDouble(_ d: Double) {
        if d.isNaN {
            bytes.append(contentsOf: Array("NaN".utf8))
        } else if d.isInfinite {
            bytes.append(contentsOf: Array((d < 0 ? "-Infinity" : "Infinity").utf8))
        } else {
            bytes.append(contentsOf: Array(d.description.utf8))
        }
    }

    /// Copies text, escaping what COPY text treats specially; with `quoting`, as a double-quoted array element
    /// (`"` and `\` escaped for the array parser first, then the backslash escaped again for COPY).
    ///
    /// Runs of ordinary bytes are copied whole: descriptions are kilobytes long with a few newlines each.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, column: String, quoting: Bool) throws(CopyEncodingError) {
        if quoting { bytes.append(0x22) }
        var stripped = false
        var runStart = 0
        for i in 0..<utf8.count {
            let c = utf8[i]
            guard c == 0x5C || c < 0x0E || (quoting && c == 0x22) else { continue }
            guard c == 0x5C || c == 0x22 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x00 else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
            runStart = i + 1
            switch c {
            case 0x5C:
                bytes.append(contentsOf: quoting ? [0x5C, 0x5C, 0x5C, 0x5C] : [0x5C, 0x5C])
            case 0x22:
                bytes.append(contentsOf: [0x5C, 0x5C, 0x22])
            case 0x09:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x0A:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D:
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            default:  // 0x00
                guard nulPolicy == .strip else { throw Self.nulError(column) }
                stripped = true
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        if quoting { bytes.append(0x22) }
        if stripped { strippedValues += 1 }
    }

    static func nulError(_ column: String) -> CopyEncodingError {
        CopyEncodingError(column: column, message: "contains U+0000, which PostgreSQL text and jsonb cannot store", isNUL: true)
    }

    /// A struct or list value as JSON for a `jsonb` column: members named by the schema, timestamps as ISO 8601,
    /// U+0000 written as `\u0000` here and refused or stripped when the text is escaped.
    mutating func json(_ value: ParquetValue, _ type: FieldType, column: String) throws(CopyEncodingError) -> JSONValue {
        func mismatch() -> CopyEncodingError {
            CopyEncodingError(column: column, message: "a \(Self.kindName(value)) value for a \(type) field")
        }
        switch (type, value) {
        case (_, .null): return .null
        case (.int64, .int64(let i)), (.int32, .int64(let i)): return .int(i)
        case (.int32, .int32(let i)), (.int64, .int32(let i)): return .int(Int64(i))
        case (.double, .double(let d)):
            // JSON has no NaN or infinities; jsonb would refuse the document.
            guard d.isFinite else { throw CopyEncodingError(column: column, message: "\(d) cannot be stored in jsonb") }
            return .double(d)
        case (.double, .float(let f)): return try json(.double(Double(f)), type, column: column)
        case (.double, .int64(let i)): return .double(Double(i))
        case (.boolean, .boolean(let b)): return .bool(b)
        case (.string, .string(let s)):
            // jsonb refuses \u0000 as text refuses the byte; the JSON writer would escape it out of sight.
            guard s.utf8.contains(0) else { return .string(s) }
            guard nulPolicy == .strip else { throw Self.nulError(column) }
            strippedValues += 1
            return .string(String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\u{0}" })))
        case (.timestamp, .int64(let micros)): return .string(TimestampParser.iso8601(microseconds: micros))
        case (.list(let element), .list(let items)):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try json(item, element, column: column)) }
            return .array(out)
        case (.struct(let fields), .group(let values)):
            guard fields.count == values.count else { throw mismatch() }
            var keys: [String] = []
            var members: [JSONValue] = []
            for (field, member) in zip(fields, values) {
                keys.append(field.name)
                members.append(try json(member, field.type, column: "\(column).\(field.name)"))
            }
            return .object(JSONObject(keys: keys, values: members))
        default:
            throw mismatch()
        }
    }

    static func kindName(_ value: ParquetValue) -> String {
        switch value {
        case .null: "null"
        case .boolean: "boolean"
        case .int32: "int32"
        case .int64: "int64"
        case .float: "float"
        case .double: "double"
        case .bytes: "binary"
        case .string: "string"
        case .list: "list"
        case .group: "struct"
        }
    }
}
