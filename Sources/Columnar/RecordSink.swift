import TikiJSON
import TikiSchema

/// What `RecordWalker` tells as it reads records, in the document's order: a Parquet row batch, COPY text.
///
/// In a record or group each field comes at most once (`isWritten`); fields never told are null.
package protocol RecordSink {
    mutating func beginRecord()
    mutating func endRecord() throws(RecordFault)
    /// Whether `field`, of the open record or group, was told already.
    func isWritten(_ field: FieldPlan) -> Bool
    /// The first of `fields` (the open record's or group's) that is required and not told yet.
    func missingRequired(among fields: [FieldPlan]) -> FieldPlan?
    mutating func null(_ field: FieldPlan) throws(RecordFault)
    /// A JSON string in a field that reads strings verbatim: its validated UTF-8.
    mutating func text(_ field: FieldPlan, _ utf8: UnsafeBufferPointer<UInt8>) throws(RecordFault)
    /// A JSON string (at its opening quote) in a field that reads strings verbatim, for the sink to read from
    /// `reader` itself: a sink that keeps bytes can have them unescaped straight into its storage. By default,
    /// `text(_:_:)` with the string's validated UTF-8.
    mutating func text(_ field: FieldPlan, from reader: inout JSONReader) throws(RecordFault)
    mutating func scalar(_ field: FieldPlan, _ value: ScalarValue) throws(RecordFault)
    mutating func beginList(_ field: FieldPlan) throws(RecordFault)
    mutating func endList(_ field: FieldPlan) throws(RecordFault)
    mutating func beginGroup(_ field: FieldPlan) throws(RecordFault)
    mutating func endGroup(_ field: FieldPlan) throws(RecordFault)
    /// Whether the sink takes `field`'s values whole, as parsed JSON, instead of walked.
    func takesWhole(_ field: FieldPlan) -> Bool
    mutating func whole(_ field: FieldPlan, _ value: JSONValue) throws(RecordFault)
}

extension RecordSink {
    package mutating func text(_ field: FieldPlan, from reader: inout JSONReader) throws(RecordFault) {
        // The sink's own fault travels past the reader's typed throws in `failure`.
        var failure: RecordFault?
        try RecordWalker.json { () throws(JSONParseError) in
            try reader.parseUTF8 { utf8 in
                do throws(RecordFault) { try text(field, utf8) } catch { failure = error }
            }
        }
        if let failure { throw failure }
    }
}
