import TikiJSON
import TikiSchema

/// A raw document that does not fit the schema, naming the offending field.
package struct ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    package var field: String
    package var message: String

    package var description: String { "field '\(field)': \(message)" }
}

/// Projects raw documents through a schema into records with exactly the schema's fields, in its order.
package struct Projector: Sendable {
    package let schema: Schema

    package init(schema: Schema) {
        self.schema = schema
    }

    /// The members of a raw document that projection reads (whole subtrees for structs), plus `extra` paths.
    package func selection(adding extra: [[String]] = []) -> JSONSelection {
        var paths = extra
        for field in schema.fields {
            let names = field.resolvedSource.steps.compactMap { step -> String? in
                if case .member(let name) = step { return name }
                return nil
            }
            if field.resolvedSource.steps.contains(where: { if case .variable = $0 { true } else { false } }) { continue }
            paths.append(names)
        }
        return .paths(paths)
    }

    /// The record for `document`. `variables` supply `$name` sources, such as `$fetched_at`.
    package func project(_ document: JSONValue, variables: [String: JSONValue] = [:]) throws(ProjectionError) -> JSONValue {
        .object(try Self.projectFields(schema.fields, from: document, variables: variables, prefix: ""))
    }

    private static func projectFields(
        _ fields: [Field], from document: JSONValue, variables: [String: JSONValue], prefix: String
    ) throws(ProjectionError) -> JSONObject {
        var keys: [String] = []
        var values: [JSONValue] = []
        keys.reserveCapacity(fields.count)
        values.reserveCapacity(fields.count)
        for field in fields {
            let path = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
            var raw = evaluate(field.resolvedSource.steps[...], on: document, variables: variables)
            if let transform = field.transform { raw = apply(transform, to: raw) }
            keys.append(field.name)
            values.append(try coerce(raw, to: field.type, nullable: field.nullable, path: path, variables: variables))
        }
        return JSONObject(keys: keys, values: values)
    }

    static func evaluate(_ steps: ArraySlice<SourcePath.Step>, on value: JSONValue, variables: [String: JSONValue]) -> JSONValue {
        guard let step = steps.first else { return value }
        switch step {
        case .variable(let name):
            return variables[name] ?? .null
        case .member(let name):
            guard let member = value[name] else { return .null }
            return evaluate(steps.dropFirst(), on: member, variables: variables)
        case .each:
            guard case .array(let elements) = value else { return .null }
            return .array(elements.map { evaluate(steps.dropFirst(), on: $0, variables: variables) })
        }
    }

    static func apply(_ transform: FieldTransform, to value: JSONValue) -> JSONValue {
        guard case .string(let html) = value else { return value }
        switch transform {
        case .htmlText: return .string(HTMLText.clean(html))
        case .htmlImageURLs: return .array(HTMLText.imageURLs(html).map(JSONValue.string))
        }
    }

    static func coerce(
        _ value: JSONValue, to type: FieldType, nullable: Bool, path: String, variables: [String: JSONValue]
    ) throws(ProjectionError) -> JSONValue {
        if value.isNull {
            if nullable { return .null }
            throw ProjectionError(field: path, message: FieldProblem.missingOrNull)
        }
        func mismatch() -> ProjectionError { ProjectionError(field: path, message: type.mismatch(value)) }
        switch type {
        case .list(let element):
            guard case .array(let elements) = value else { throw mismatch() }
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for (i, e) in elements.enumerated() {
                out.append(try coerce(e, to: element, nullable: true, path: "\(path)[\(i)]", variables: variables))
            }
            return .array(out)
        case .struct(let fields):
            guard case .object = value else { throw mismatch() }
            return .object(try projectFields(fields, from: value, variables: variables, prefix: path))
        default:
            guard let scalar = type.scalar(value, reading: .lenient) else { throw mismatch() }
            return scalar.json
        }
    }
}
