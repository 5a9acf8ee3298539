import TikiJSON

/// Infers a schema from JSON records, merging what every record shows.
///
/// Ints and floats mixed widen to double; a field seen only as null becomes a nullable string; a field
/// missing from some records becomes nullable; truly conflicting types are an error, or a string with `widen`.
package struct SchemaInferrer: Sendable {
    private var root = InferredStruct()
    private var recordCount = 0
    package var widenConflictsToString: Bool

    package init(widenConflictsToString: Bool = false) {
        self.widenConflictsToString = widenConflictsToString
    }

    /// Folds one record into the inferred schema.
    package mutating func add(_ record: JSONValue, file: String, record index: Int) throws(InferenceConflict) {
        guard case .object(let object) = record else {
            throw InferenceConflict(file: file, record: index, field: "<record>", message: "a record must be a JSON object, found \(record.kindName)")
        }
        var context = Context(file: file, record: index, widen: widenConflictsToString)
        try root.merge(object, isFirst: recordCount == 0, path: "", context: &context)
        recordCount += 1
    }

    /// The schema inferred so far.
    package func schema(name: String) -> Schema {
        Schema(name: name, fields: root.fields())
    }

    struct Context {
        var file: String
        var record: Int
        var widen: Bool
    }
}

private indirect enum InferredType: Sendable {
    case onlyNull
    case int
    case double
    case bool
    case string
    case list(InferredType)
    case object(InferredStruct)

    var name: String {
        switch self {
        case .onlyNull: "null"
        case .int: "integer"
        case .double: "number"
        case .bool: "boolean"
        case .string: "string"
        case .list: "array"
        case .object: "object"
        }
    }

    static func of(_ value: JSONValue, path: String, context: inout SchemaInferrer.Context) throws(InferenceConflict) -> (InferredType, sawNull: Bool) {
        switch value {
        case .null: return (.onlyNull, true)
        case .bool: return (.bool, false)
        case .int: return (.int, false)
        case .double: return (.double, false)
        case .string: return (.string, false)
        case .array(let elements):
            var element: InferredType = .onlyNull
            for e in elements {
                let (t, _) = try of(e, path: path + "[]", context: &context)
                element = try merge(element, t, path: path + "[]", context: &context)
            }
            return (.list(element), false)
        case .object(let object):
            var s = InferredStruct()
            try s.merge(object, isFirst: true, path: path, context: &context)
            return (.object(s), false)
        }
    }

    static func merge(_ a: InferredType, _ b: InferredType, path: String, context: inout SchemaInferrer.Context) throws(InferenceConflict) -> InferredType {
        switch (a, b) {
        case (.onlyNull, let x), (let x, .onlyNull): return x
        case (.int, .int): return .int
        case (.int, .double), (.double, .int), (.double, .double): return .double
        case (.bool, .bool): return .bool
        case (.string, .string): return .string
        case (.list(let x), .list(let y)): return .list(try merge(x, y, path: path + "[]", context: &context))
        case (.object(var x), .object(let y)):
            try x.absorb(y, path: path, context: &context)
            return .object(x)
        default:
            if context.widen { return .string }
            throw InferenceConflict(
                file: context.file, record: context.record, field: path,
                message: "conflicting types: \(a.name) in earlier records, \(b.name) here", widenable: true)
        }
    }

    func fieldType() -> FieldType {
        switch self {
        case .onlyNull, .string: .string
        case .int: .int64
        case .double: .double
        case .bool: .boolean
        case .list(let element): .list(element.fieldType())
        case .object(let s): .struct(s.fields())
        }
    }
}

private struct InferredStruct: Sendable {
    var order: [String] = []
    var types: [String: InferredType] = [:]
    var nullable: [String: Bool] = [:]

    mutating func merge(_ object: JSONObject, isFirst: Bool, path: String, context: inout SchemaInferrer.Context) throws(InferenceConflict) {
        var present = Set<String>()
        for (key, value) in object.pairs {
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            present.insert(key)
            let (type, sawNull) = try InferredType.of(value, path: childPath, context: &context)
            if let existing = types[key] {
                types[key] = try InferredType.merge(existing, type, path: childPath, context: &context)
                if sawNull { nullable[key] = true }
            } else {
                order.append(key)
                types[key] = type
                // A field that appears only after the first record was missing before.
                nullable[key] = sawNull || !isFirst
            }
        }
        for key in order where !present.contains(key) { nullable[key] = true }
    }

    mutating func absorb(_ other: InferredStruct, path: String, context: inout SchemaInferrer.Context) throws(InferenceConflict) {
        for key in other.order {
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            if let existing = types[key] {
                types[key] = try InferredType.merge(existing, other.types[key]!, path: childPath, context: &context)
                if other.nullable[key] == true { nullable[key] = true }
            } else {
                order.append(key)
                types[key] = other.types[key]
                nullable[key] = true
            }
        }
        for key in order where other.types[key] == nil { nullable[key] = true }
    }

    func fields() -> [Field] {
        order.map { key in
            let type = types[key]!
            var isNullable = nullable[key] ?? true
            if case .onlyNull = type { isNullable = true }
            return Field(name: key, type: type.fieldType(), nullable: isNullable)
        }
    }
}
