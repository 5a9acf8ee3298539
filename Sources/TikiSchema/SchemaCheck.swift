import Foundation
import TikiJSON

/// One way a record breaks its schema, located as file:record:field.
package struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    package var file: String
    /// 1-based position of the record in its file.
    package var record: Int
    package var field: String
    package var message: String

    package init(file: String, record: Int, field: String, message: String) {
        self.file = file
        self.record = record
        self.field = field
        self.message = message
    }

    package var description: String { "\(file):\(record):\(field): \(message)" }
}

extension Schema {
    /// Every way `record` departs from the schema: missing or null required fields, wrong types, unknown fields.
    package func violations(of record: JSONValue, file: String, record index: Int) -> [SchemaViolation] {
        var problems: [(String, String)] = []
        Self.check(record, fields: fields, path: "", problems: &problems)
        return problems.map { SchemaViolation(file: file, record: index, field: $0.0, message: $0.1) }
    }

    private static func check(_ value: JSONValue, fields: [Field], path: String, problems: inout [(String, String)]) {
        guard case .object(let object) = value else {
            problems.append((path.isEmpty ? "<record>" : path, "expected an object, found \(value.kindName)"))
            return
        }
        let known = Set(fields.map(\.name))
        for field in fields {
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            let member = object[field.name]
            guard let member, !member.isNull else {
                if !field.nullable {
                    problems.append((fieldPath, FieldProblem.absent(member)))
                }
                continue
            }
            checkType(member, type: field.type, path: fieldPath, problems: &problems)
        }
        for key in object.keys where !known.contains(key) {
            problems.append((path.isEmpty ? key : "\(path).\(key)", FieldProblem.unknown))
        }
    }

    private static func checkType(_ value: JSONValue, type: FieldType, path: String, problems: inout [(String, String)]) {
        if value.isNull { return }
        switch type {
        case .list(let element):
            guard case .array(let elements) = value else {
                problems.append((path, type.mismatch(value)))
                return
            }
            for (i, e) in elements.enumerated() { checkType(e, type: element, path: "\(path)[\(i)]", problems: &problems) }
        case .struct(let fields):
            check(value, fields: fields, path: path, problems: &problems)
        default:
            if type.scalar(value) == nil { problems.append((path, type.mismatch(value))) }
        }
    }
}
