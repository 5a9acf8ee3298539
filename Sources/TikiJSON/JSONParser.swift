/// A byte-level JSON parser (RFC 8259) that builds `JSONValue`s.
///
/// Foundation's `JSONSerialization` on Linux bridges every value through `NSObject` and loses key order;
/// this parser reads UTF-8 bytes directly and keeps objects ordered.
package enum JSONParser {
    /// What to do with a string whose bytes are not UTF-8.
    package enum InvalidUTF8: Sendable {
        /// Fail, naming the line, column and member: a file that is not UTF-8 is not silently changed.
        case reject
        /// Replace each bad sequence with U+FFFD and count the strings repaired.
        case repair
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed).
    package static func parse(_ bytes: some Collection<UInt8>, invalidUTF8: InvalidUTF8 = .reject) throws(JSONParseError) -> JSONValue {
        try withContiguousBytes(bytes) { (buffer) throws(JSONParseError) in
            var reader = JSONReader(buffer, invalidUTF8: invalidUTF8)
            let value = try reader.parseValue(depth: 0)
            reader.skipWhitespace()
            guard reader.atEnd else { throw reader.error("unexpected data after the JSON value") }
            return value
        }
    }

    /// Parses one JSON value, building only the members `selection` names and skipping the rest.
    package static func parse(_ bytes: some Collection<UInt8>, selecting selection: JSONSelection) throws(JSONParseError) -> JSONValue {
        try parse(bytes, selecting: selection.compiled())
    }

    /// Parses one JSON value with a selection compiled beforehand (for many documents read the same way).
    package static func parse(_ bytes: some Collection<UInt8>, selecting compiled: CompiledSelection) throws(JSONParseError) -> JSONValue {
        var repaired = 0
        return try parse(bytes, selecting: compiled, invalidUTF8: .reject, repairedStrings: &repaired)
    }

    /// Parses one JSON value with a compiled selection; `repairedStrings` grows by the strings repaired.
    package static func parse(
        _ bytes: some Collection<UInt8>, selecting compiled: CompiledSelection, invalidUTF8: InvalidUTF8,
        repairedStrings: inout Int
    ) throws(JSONParseError) -> JSONValue {
        let (value, repaired) = try withContiguousBytes(bytes) { (buffer) throws(JSONParseError) in
            var reader = JSONReader(buffer, invalidUTF8: invalidUTF8)
            let value = try reader.parseValue(depth: 0, selection: compiled)
            reader.skipWhitespace()
            guard reader.atEnd else { throw reader.error("unexpected data after the JSON value") }
            return (value, reader.repairedStrings)
        }
        repairedStrings += repaired
        return value
    }

    /// Parses one JSON value from `text`.
    package static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// The records of a batch file: the elements of a JSON array, or the values of a JSON Lines file.
    package static func parseRecords(_ bytes: some Collection<UInt8>, invalidUTF8: InvalidUTF8 = .reject) throws(JSONParseError)
        -> [JSONValue]
    {
        let values = try parseSequence(bytes, invalidUTF8: invalidUTF8)
        if values.count == 1, case .array(let records) = values[0] { return records }
        return values
    }

    /// Parses a sequence of JSON values separated by whitespace (JSON Lines, or a single document).
    package static func parseSequence(_ bytes: some Collection<UInt8>, invalidUTF8: InvalidUTF8 = .reject) throws(JSONParseError)
        -> [JSONValue]
    {
        try withContiguousBytes(bytes) { (buffer) throws(JSONParseError) in
            var reader = JSONReader(buffer, invalidUTF8: invalidUTF8)
            var values: [JSONValue] = []
            reader.skipWhitespace()
            while !reader.atEnd {
                let start = reader.index
                do throws(JSONParseError) { values.append(try reader.parseValue(depth: 0)) } catch {
                    var located = error
                    located.valueLine = reader.line(at: start)
                    throw located
                }
                reader.skipWhitespace()
            }
            return values
        }
    }

    private static func withContiguousBytes<R>(
        _ bytes: some Collection<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> R
    ) throws(JSONParseError) -> R {
        let result: Result<R, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            do throws(JSONParseError) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        let copied: Result<R, JSONParseError> = copy.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) { return .success(try body(buffer)) } catch { return .failure(error) }
        }
        return try copied.get()
    }
}
