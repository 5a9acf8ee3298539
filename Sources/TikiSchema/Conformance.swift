import TikiJSON

/// The one walk of a JSON value against a field type: lists element by element, structs field by field, every
/// scalar read by `FieldType.scalar(_:reading:)`, and every problem worded by `FieldType.mismatch` and
/// `FieldProblem` with the path of the field.
///
/// The projector (raw documents, `.lenient`), `schema check` and the Parquet mapping (batches, `.strict`) all walk
/// values here and differ only in what they build (`Builder`), where a struct's members come from (`member`),
/// whether members the schema lacks are problems, and what a problem does: the projector and the mapping throw the
/// first one, the check lists them all (`problem` returns, and the value counts as null). The streaming
/// `RecordWalker` reads tokens, not values, and so keeps its own walk; `ConformanceTable` in the tests holds it to
/// the same answers.
package struct Conformance<Builder: ConformingBuilder> {
    /// What to do with members of an object that the schema does not have.
    package enum UnknownMembers: Sendable {
        /// Leave them out (raw documents have many; a batch with extra members still converts).
        case ignore
        /// Report each as `FieldProblem.unknown`: `schema check` says what a conversion would leave out.
        case report
    }

    /// The member of `container` that is `field`'s value, or `nil` when there is none.
    package typealias MemberLookup = (_ field: Field, _ container: JSONValue) -> JSONValue?

    /// How scalars are read: `.strict` for batches, `.lenient` for raw documents.
    package var reading: FieldType.Reading
    package var unknownMembers: UnknownMembers
    /// What the walk makes of the values that fit.
    package let builder: Builder
    private let member: MemberLookup

    /// `member` defaults to the object's member named like the field, as in batches.
    package init(
        _ builder: Builder, reading: FieldType.Reading = .strict, unknownMembers: UnknownMembers = .ignore,
        member: @escaping MemberLookup = { field, container in container[field.name] }
    ) {
        self.builder = builder
        self.reading = reading
        self.unknownMembers = unknownMembers
        self.member = member
    }

    /// The values of `record`'s fields, in the schema's order; `problem` is told of each part that does not fit
    /// and may throw to stop the walk.
    package func record<E: Error>(
        _ record: JSONValue, fields: [Field], problem: (FieldMismatch) throws(E) -> Void
    ) throws(E) -> [Builder.Value] {
        var path = FieldPath()
        guard case .object = record else {
            try problem(FieldMismatch(field: path.description, message: "expected a JSON object, found \(record.kindName)"))
            return fields.map { _ in builder.null() }
        }
        return try members(of: record, fields, path: &path, problem: problem)
    }

    /// One value of type `type` (a field's, or a list element's at `path`).
    package func value<E: Error>(
        _ json: JSONValue?, _ type: FieldType, nullable: Bool = true, path: inout FieldPath,
        problem: (FieldMismatch) throws(E) -> Void
    ) throws(E) -> Builder.Value {
        guard let json, !json.isNull else {
            if !nullable { try problem(FieldMismatch(field: path.description, message: FieldProblem.absent(json))) }
            return builder.null()
        }
        switch type {
        case .list(let element):
            guard case .array(let items) = json else { return try mismatch(json, type, path, problem) }
            var elements: [Builder.Value] = []
            elements.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                path.push(.element(i))
                elements.append(try value(item, element, path: &path, problem: problem))
                path.pop()
            }
            return builder.list(elements)
        case .struct(let fields):
            guard case .object = json else { return try mismatch(json, type, path, problem) }
            return builder.group(try members(of: json, fields, path: &path, problem: problem), of: fields)
        default:
            guard let scalar = type.scalar(json, reading: reading) else { return try mismatch(json, type, path, problem) }
            return builder.scalar(scalar)
        }
    }

    private func members<E: Error>(
        of container: JSONValue, _ fields: [Field], path: inout FieldPath, problem: (FieldMismatch) throws(E) -> Void
    ) throws(E) -> [Builder.Value] {
        var values: [Builder.Value] = []
        values.reserveCapacity(fields.count)
        for field in fields {
            path.push(.member(field.name))
            values.append(try value(member(field, container), field.type, nullable: field.nullable, path: &path, problem: problem))
            path.pop()
        }
        if unknownMembers == .report, case .object(let object) = container {
            let known = Set(fields.map(\.name))
            for key in object.keys where !known.contains(key) {
                path.push(.member(key))
                try problem(FieldMismatch(field: path.description, message: FieldProblem.unknown))
                path.pop()
            }
        }
        return values
    }

    private func mismatch<E: Error>(
        _ json: JSONValue, _ type: FieldType, _ path: FieldPath, _ problem: (FieldMismatch) throws(E) -> Void
    ) throws(E) -> Builder.Value {
        try problem(FieldMismatch(field: path.description, message: type.mismatch(json)))
        return builder.null()
    }
}
