import TikiJSON
import TikiSchema

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

    /// The record for `document`: its fields read from their sources, transformed, and read `.lenient`ly as their
    /// types (`Conformance`). `variables` supply `$name` sources, such as `$fetched_at`.
    package func project(_ document: JSONValue, variables: [String: JSONValue] = [:]) throws(FieldMismatch) -> JSONValue {
        let conformance = Conformance(NormalizedJSON(), reading: .lenient) { field, container in
            guard let raw = Self.evaluate(field.resolvedSource.steps[...], on: container, variables: variables) else { return nil }
            return field.transform.map { Self.apply($0, to: raw) } ?? raw
        }
        let members = try conformance.record(document, fields: schema.fields) { (problem) throws(FieldMismatch) in throw problem }
        return conformance.builder.group(members, of: schema.fields)
    }

    /// The value at `steps` from `value`, or `nil` where a member or a variable is missing.
    static func evaluate(_ steps: ArraySlice<SourcePath.Step>, on value: JSONValue, variables: [String: JSONValue]) -> JSONValue? {
        guard let step = steps.first else { return value }
        switch step {
        case .variable(let name):
            return variables[name]
        case .member(let name):
            guard let member = value[name] else { return nil }
            return evaluate(steps.dropFirst(), on: member, variables: variables)
        case .each:
            guard case .array(let elements) = value else { return nil }
            return .array(elements.map { evaluate(steps.dropFirst(), on: $0, variables: variables) ?? .null })
        }
    }

    static func apply(_ transform: FieldTransform, to value: JSONValue) -> JSONValue {
        guard case .string(let html) = value else { return value }
        switch transform {
        case .htmlText: return .string(HTMLText.clean(html))
        case .htmlImageURLs: return .array(HTMLText.imageURLs(html).map(JSONValue.string))
        }
    }
}
