/// A JSON document held in memory, with object keys kept in document order.
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member named `key` when this is an object, else `nil`.
    @inlinable
    package subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// Whether the value is `null`.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The string, when the value is one.
    package var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value as an integer: ints, integral doubles and decimal strings convert.
    package var int64Value: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d):
            guard d.rounded() == d, let i = Int64(exactly: d) else { return nil }
            return i
        case .string(let s): return Int64(s.trimmingASCIISpaces())
        default: return nil
        }
    }

    /// The value as a double: numbers, and decimal strings, convert.
    package var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        case .string(let s): return Double(s.trimmingASCIISpaces())
        default: return nil
        }
    }

    /// The elements, when the value is an array.
    package var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The members, when the value is an object.
    package var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// A short name of the kind of value, for error messages.
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON object: ordered keys, linear lookup (documents have tens of keys, not thousands).
package struct JSONObject: Sendable, Hashable {
    /// Member names, in document order.
    package private(set) var keys: [String]
    /// Member values, in the order of `keys`.
    package private(set) var values: [JSONValue]

    /// An empty object.
    package init() {
        keys = []
        values = []
    }

    /// An object of `pairs`, in their order.
    package init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    /// An object of `keys` and `values`, paired in order (the counts must match).
    package init(keys: [String], values: [JSONValue]) {
        precondition(keys.count == values.count)
        self.keys = keys
        self.values = values
    }

    /// The number of members.
    package var count: Int { keys.count }

    /// The value of member `key`; setting nil removes it, setting a new key appends it.
    package subscript(key: String) -> JSONValue? {
        get {
            for i in keys.indices where keys[i] == key { return values[i] }
            return nil
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Appends without checking for an existing key (the parser's fast path).
    @usableFromInline
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    /// The members as (name, value), in order.
    package var pairs: Zip2Sequence<[String], [JSONValue]> { zip(keys, values) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    /// `"text"` as `.string`.
    package init(stringLiteral value: String) { self = .string(value) }
    /// `42` as `.int`.
    package init(integerLiteral value: Int64) { self = .int(value) }
    /// `4.2` as `.double`.
    package init(floatLiteral value: Double) { self = .double(value) }
    /// `true` and `false` as `.bool`.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `nil` as `.null`.
    package init(nilLiteral: ()) { self = .null }
    /// `[…]` as `.array`.
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// `[key: value, …]` as `.object`, in the order written.
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (k, v) in elements { object[k] = v }
        self = .object(object)
    }
}

extension String {
    func trimmingASCIISpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
