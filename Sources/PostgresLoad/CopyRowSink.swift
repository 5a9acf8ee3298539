import Columnar
import Parquet
import TikiJSON
import TikiSchema

/// Writes the records `RecordWalker` reads as COPY text rows, straight from a batch file's bytes.
///
/// Members come in the document's order and COPY wants the table's, so each row's values are written into a
/// scratch buffer first and put in column order when the record ends. Top-level scalars and arrays of scalars
/// are written as they are read; a struct or a list of structs (a `jsonb` column) is taken whole and written by
/// the same code as the row path's (`CopyTextEncoder.appendDocument`).
struct CopyRowSink: RecordSink {
    let columns: [ColumnDefinition]
    /// The rows so far.
    private(set) var rows: [UInt8] = []
    private(set) var rowCount = 0
    /// The open row's values, in the order read.
    private var piece: CopyTextEncoder
    /// Per column: where its value lies in `piece`, once written.
    private var spans: [Range<Int>?]
    /// The column whose array is open, and its elements so far.
    private var openArray: (column: Int, start: Int, elements: Int)?

    init(columns: [ColumnDefinition], nulPolicy: CopyTextEncoder.NulPolicy, reservingCapacity capacity: Int) {
        self.columns = columns
        piece = CopyTextEncoder(columns: columns, nulPolicy: nulPolicy, reservingCapacity: 64 * 1024)
        spans = Array(repeating: nil, count: columns.count)
        rows.reserveCapacity(capacity)
    }

    /// Whether a value was refused for holding U+0000 (`LoadError.Remedy.stripNUL`).
    private(set) var refusedNUL = false

    /// Values from which U+0000 was stripped.
    var strippedValues: Int { piece.strippedValues }

    mutating func beginRecord() {
        piece.removeAll()
        for c in spans.indices { spans[c] = nil }
    }

    mutating func endRecord() throws(RecordFault) {
        for (c, column) in columns.enumerated() {
            if c > 0 { rows.append(0x09) }
            if let span = spans[c] {
                piece.bytes.withUnsafeBufferPointer { rows.append(contentsOf: UnsafeBufferPointer(rebasing: $0[span])) }
            } else {
                guard column.nullable else { throw Self.notNull(column) }
                rows.append(contentsOf: [0x5C, UInt8(ascii: "N")])
            }
        }
        rows.append(0x0A)
        rowCount += 1
    }

    func isWritten(_ field: FieldPlan) -> Bool { spans[field.position] != nil }

    func missingRequired(among fields: [FieldPlan]) -> FieldPlan? {
        fields.first { !$0.nullable && spans[$0.position] == nil }
    }

    mutating func null(_ field: FieldPlan) throws(RecordFault) {
        if openArray != nil {
            separate()
            piece.appendNull(inArray: true)
        } else {
            guard columns[field.position].nullable else { throw Self.notNull(columns[field.position]) }
            write(field) { $0.appendNull(inArray: false) }
        }
    }

    mutating func text(_ field: FieldPlan, _ utf8: UnsafeBufferPointer<UInt8>) throws(RecordFault) {
        try value(field) { (encoder, column, inArray) throws(CopyEncodingError) in try encoder.appendText(utf8, column: column, inArray: inArray) }
    }

    mutating func scalar(_ field: FieldPlan, _ value: ScalarValue) throws(RecordFault) {
        try self.value(field) { (encoder, column, inArray) throws(CopyEncodingError) in
            try encoder.appendScalar(value, column: column, inArray: inArray)
        }
    }

    mutating func beginList(_ field: FieldPlan) throws(RecordFault) {
        openArray = (field.position, piece.bytes.count, 0)
        piece.appendRaw(UInt8(ascii: "{"))
    }

    mutating func endList(_ field: FieldPlan) throws(RecordFault) {
        guard let open = openArray else { return }
        piece.appendRaw(UInt8(ascii: "}"))
        spans[open.column] = open.start..<piece.bytes.count
        openArray = nil
    }

    /// Structs are `jsonb` columns, taken whole (`takesWhole`).
    mutating func beginGroup(_ field: FieldPlan) throws(RecordFault) {
        throw .refused("internal error: struct \(field.name) walked, not taken whole")
    }

    mutating func endGroup(_ field: FieldPlan) throws(RecordFault) {}

    /// A top-level struct, or a list of anything but scalars: one `jsonb` document.
    func takesWhole(_ field: FieldPlan) -> Bool {
        switch field.type {
        case .struct: true
        case .list(let element): !element.isScalar
        default: false
        }
    }

    mutating func whole(_ field: FieldPlan, _ json: JSONValue) throws(RecordFault) {
        let value: ParquetValue
        do { value = try SchemaMapping.value(json, field.type, field: field.name) } catch { throw .refused(error.description) }
        let column = columns[field.position]
        do throws(CopyEncodingError) {
            try write(field) { (encoder) throws(CopyEncodingError) in try encoder.appendDocument(value, column: column) }
        } catch {
            throw refusal(error)
        }
    }

    // MARK: Writing

    /// A scalar: an element of the open array, or a column's value.
    private mutating func value(
        _ field: FieldPlan, _ append: (inout CopyTextEncoder, String, Bool) throws(CopyEncodingError) -> Void
    ) throws(RecordFault) {
        do throws(CopyEncodingError) {
            if let open = openArray {
                separate()
                try append(&piece, columns[open.column].name, true)
            } else {
                let name = columns[field.position].name
                try write(field) { (encoder) throws(CopyEncodingError) in try append(&encoder, name, false) }
            }
        } catch {
            throw refusal(error)
        }
    }

    /// The fault for a value the encoder refused, noting a NUL.
    private mutating func refusal(_ error: CopyEncodingError) -> RecordFault {
        if error.isNUL { refusedNUL = true }
        return .refused(error.description)
    }

    /// Worded as `CopyTextEncoder.append(row:)` words it.
    private static func notNull(_ column: ColumnDefinition) -> RecordFault {
        .refused(CopyEncodingError(column: column.name, message: "null in a NOT NULL column").description)
    }

    /// A comma before every array element but the first.
    private mutating func separate() {
        if openArray!.elements > 0 { piece.appendRaw(UInt8(ascii: ",")) }
        openArray!.elements += 1
    }

    private mutating func write<E: Error>(_ field: FieldPlan, _ append: (inout CopyTextEncoder) throws(E) -> Void) throws(E) {
        let start = piece.bytes.count
        try append(&piece)
        spans[field.position] = start..<piece.bytes.count
    }
}
