import TikiJSON

/// A JSON value read as one of the schema's scalar types.
///
/// `FieldType.scalar(_:reading:)` is the one place that decides what a JSON value means for a type: the projector
/// (raw documents), the schema check, the Parquet mapping and the PostgreSQL encoder all ask it, so a type's rule
/// changes in one file.
package enum ScalarValue: Sendable, Hashable {
    case int64(Int64)
    case int32(Int32)
    case double(Double)
    case boolean(Bool)
    case string(String)
    /// Microseconds since the Unix epoch, UTC.
    case timestamp(Int64)

    /// The value as it is written in batches: numbers and booleans as themselves, timestamps as ISO-8601 text.
    package var json: JSONValue {
        switch self {
        case .int64(let i): .int(i)
        case .int32(let i): .int(Int64(i))
        case .double(let d): .double(d)
        case .boolean(let b): .bool(b)
        case .string(let s): .string(s)
        case .timestamp(let micros): .string(TimestampParser.iso8601(microseconds: micros))
        }
    }
}

extension JSONValue {
    fileprivate var isInteger: Bool {
        if case .int = self { return true }
        return false
    }
}

extension FieldType {
    /// How much a JSON value may differ from the type's own JSON form and still be read as it.
    package enum Reading: Sendable {
        /// Batches, which our own projection wrote: numbers are JSON numbers, booleans JSON booleans, strings JSON
        /// strings; timestamps ISO-8601 text or epoch numbers.
        case strict
        /// Strict, and a number written with a fraction or exponent is never an integer (`2.0` is not an int64):
        /// values as `SchemaInferrer` would type them, to check that a schema guessed from part of the input holds
        /// for all of it.
        case exact
        /// Raw API documents: also numeric text for numbers (`"129000"`), 0 and 1 for booleans, and numbers or
        /// booleans where text is expected, as the API's fields drift between these forms.
        case lenient
    }

    /// `value` read as this scalar type, or `nil` when it does not conform (or is null, or the type is a list
    /// or a struct).
    package func scalar(_ value: JSONValue, reading: Reading = .strict) -> ScalarValue? {
        let textAllowed = reading == .lenient
        switch self {
        case .int64:
            guard textAllowed || value.stringValue == nil, reading != .exact || value.isInteger, let i = value.int64Value else { return nil }
            return .int64(i)
        case .int32:
            guard textAllowed || value.stringValue == nil, reading != .exact || value.isInteger, let i = value.int64Value,
                  let small = Int32(exactly: i) else { return nil }
            return .int32(small)
        case .double:
            guard textAllowed || value.stringValue == nil, let d = value.doubleValue else { return nil }
            return .double(d)
        case .boolean:
            switch value {
            case .bool(let b): return .boolean(b)
            case .int(0) where textAllowed: return .boolean(false)
            case .int(1) where textAllowed: return .boolean(true)
            default: return nil
            }
        case .string:
            switch value {
            case .string(let s): return .string(s)
            case .int, .double, .bool: return textAllowed ? .string(JSONWriter.string(value)) : nil
            default: return nil
            }
        case .timestamp:
            return TimestampParser.microseconds(from: value).map(ScalarValue.timestamp)
        case .list, .struct:
            return nil
        }
    }

    /// Whether a JSON string read as this type is that same text, in either reading: a caller may then copy its
    /// UTF-8 bytes where they go without making a `String` (what `scalar` would return is the string itself).
    package var readsJSONStringVerbatim: Bool { self == .string }

    /// Why `value` is not of this type, for errors that already name the field.
    package func mismatch(_ value: JSONValue) -> String {
        if self == .int32, value.stringValue == nil, let i = value.int64Value { return "\(i) does not fit in int32" }
        if self == .timestamp {
            return "expected an ISO-8601 timestamp or epoch number, found \(JSONWriter.string(value).prefix(60))"
        }
        return "expected \(self), found \(value.kindName) \(JSONWriter.string(value).prefix(60))"
    }
}
