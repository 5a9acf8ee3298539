import Foundation
import TikiJSON

extension Schema {
    /// Loads and validates a schema file.
    package static func load(contentsOf path: String) throws(SchemaError) -> Schema {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SchemaError(file: path, message: "cannot read the file")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch {
            throw SchemaError(file: path, message: "not valid JSON (\(error))")
        }
        return try decode(json, file: path)
    }

    /// Builds a schema from its JSON form; `file` names the origin in errors.
    package static func decode(_ json: JSONValue, file: String) throws(SchemaError) -> Schema {
        guard case .object(let root) = json else { throw SchemaError(file: file, message: "the top level must be an object") }
        let name = root["name"]?.stringValue ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        guard let fieldsJSON = root["fields"]?.arrayValue else {
            throw SchemaError(file: file, message: "missing \"fields\" (an array of field objects)")
        }
        let fields = try decodeFields(fieldsJSON, file: file, parent: nil)
        return Schema(name: name, fields: fields)
    }

    private static func decodeFields(_ array: [JSONValue], file: String, parent: String?) throws(SchemaError) -> [Field] {
        guard !array.isEmpty else {
            throw SchemaError(file: file, field: parent, message: "\"fields\" must not be empty")
        }
        var fields: [Field] = []
        var seen: Set<String> = []
        for (index, element) in array.enumerated() {
            let position = parent.map { "\($0).#\(index + 1)" } ?? "#\(index + 1)"
            guard case .object(let object) = element else {
                throw SchemaError(file: file, field: position, message: "a field must be an object")
            }
            guard let name = object["name"]?.stringValue, !name.isEmpty else {
                throw SchemaError(file: file, field: position, message: "missing \"name\"")
            }
            let qualified = parent.map { "\($0).\(name)" } ?? name
            guard seen.insert(name).inserted else {
                throw SchemaError(file: file, field: qualified, message: "declared twice")
            }
            for key in object.keys where !["name", "type", "nullable", "source", "transform", "fields", "doc"].contains(key) {
                throw SchemaError(file: file, field: qualified, message: "unknown key \"\(key)\"")
            }
            guard let typeText = object["type"]?.stringValue else {
                throw SchemaError(file: file, field: qualified, message: "missing \"type\"")
            }
            let nestedFields: [Field]?
            if let nested = object["fields"] {
                guard let nestedArray = nested.arrayValue else {
                    throw SchemaError(file: file, field: qualified, message: "\"fields\" must be an array")
                }
                nestedFields = try decodeFields(nestedArray, file: file, parent: qualified)
            } else {
                nestedFields = nil
            }
            let type = try parseType(typeText, nestedFields: nestedFields, file: file, field: qualified)
            var nullable = true
            if let n = object["nullable"] {
                guard case .bool(let b) = n else {
                    throw SchemaError(file: file, field: qualified, message: "\"nullable\" must be true or false")
                }
                nullable = b
            }
            var source: SourcePath?
            if let s = object["source"] {
                guard let text = s.stringValue, let path = SourcePath(parsing: text) else {
                    throw SchemaError(file: file, field: qualified, message: "\"source\" must be a path like \"brand.name\" or \"images[].base_url\"")
                }
                source = path
            }
            var transform: FieldTransform?
            if let t = object["transform"] {
                guard let text = t.stringValue, let parsed = FieldTransform(rawValue: text) else {
                    let known = FieldTransform.allCases.map(\.rawValue).joined(separator: ", ")
                    throw SchemaError(file: file, field: qualified, message: "unknown transform \(JSONWriter.string(t)) (known: \(known))")
                }
                transform = parsed
            }
            let field = Field(name: name, type: type, nullable: nullable, source: source, transform: transform)
            try validate(field, file: file, qualified: qualified)
            fields.append(field)
        }
        return fields
    }

    private static func parseType(_ text: String, nestedFields: [Field]?, file: String, field: String) throws(SchemaError) -> FieldType {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("list<"), trimmed.hasSuffix(">") {
            let inner = String(trimmed.dropFirst(5).dropLast())
            return .list(try parseType(inner, nestedFields: nestedFields, file: file, field: field))
        }
        let scalar: FieldType? = switch trimmed {
        case "int64", "long": .int64
        case "int32", "int": .int32
        case "double", "float64": .double
        case "boolean", "bool": .boolean
        case "string": .string
        case "timestamp": .timestamp
        default: nil
        }
        if let scalar {
            if nestedFields != nil {
                throw SchemaError(file: file, field: field, message: "\"fields\" is only allowed on struct types")
            }
            return scalar
        }
        if trimmed == "struct" {
            guard let nestedFields else {
                throw SchemaError(file: file, field: field, message: "a struct needs \"fields\"")
            }
            return .struct(nestedFields)
        }
        throw SchemaError(file: file, field: field, message: "unknown type \"\(text)\" (int64, int32, double, boolean, string, timestamp, list<T>, struct)")
    }

    private static func validate(_ field: Field, file: String, qualified: String) throws(SchemaError) {
        switch field.transform {
        case .htmlText:
            guard field.type == .string else {
                throw SchemaError(file: file, field: qualified, message: "transform html_text produces a string, but the type is \(field.type)")
            }
        case .htmlImageURLs:
            guard field.type == .list(.string) else {
                throw SchemaError(file: file, field: qualified, message: "transform html_image_urls produces list<string>, but the type is \(field.type)")
            }
        case nil:
            break
        }
        if field.resolvedSource.yieldsList, field.transform == nil {
            guard case .list = field.type else {
                throw SchemaError(file: file, field: qualified, message: "source \(field.resolvedSource) maps over an array, so the type must be a list")
            }
        }
    }

    /// The schema as the files in `schemas/` are laid out (one member per line, one field per line), as
    /// `schema infer` prints it.
    package func fileText() -> String {
        guard case .object(let object) = encoded() else { return "" }
        func line(_ object: JSONObject) -> String {
            "{" + object.pairs.map { "\(JSONWriter.string(.string($0.0))): \(JSONWriter.string($0.1))" }.joined(separator: ", ") + "}"
        }
        var lines: [String] = []
        for (key, value) in object.pairs {
            if key == "fields", case .array(let fields) = value {
                let rows = fields.map { field in field.objectValue.map(line) ?? JSONWriter.string(field) }
                lines.append("  \"fields\": [\n" + rows.map { "    " + $0 }.joined(separator: ",\n") + "\n  ]")
            } else {
                lines.append("  \(JSONWriter.string(.string(key))): \(JSONWriter.string(value))")
            }
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    /// The JSON form of the schema, as `load` reads it.
    package func encoded() -> JSONValue {
        .object(JSONObject(["name": .string(name), "fields": .array(fields.map(Self.encode))]))
    }

    private static func encode(_ field: Field) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(field.name)
        var type = field.type
        var nested: [Field]?
        var typeText = ""
        var listDepth = 0
        while case .list(let element) = type {
            listDepth += 1
            type = element
        }
        if case .struct(let fields) = type {
            nested = fields
            typeText = "struct"
        } else {
            typeText = type.description
        }
        for _ in 0..<listDepth { typeText = "list<\(typeText)>" }
        object["type"] = .string(typeText)
        object["nullable"] = .bool(field.nullable)
        if let source = field.source { object["source"] = .string(source.description) }
        if let transform = field.transform { object["transform"] = .string(transform.rawValue) }
        if let nested { object["fields"] = .array(nested.map(encode)) }
        return .object(object)
    }
}
