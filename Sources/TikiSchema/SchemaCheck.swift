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
    /// Every way `record` departs from the schema: missing or null required fields, wrong types, members it lacks.
    package func violations(of record: JSONValue, file: String, record index: Int) -> [SchemaViolation] {
        var problems: [SchemaViolation] = []
        _ = Conformance(NoValues(), unknownMembers: .report).record(record, fields: fields) { problem in
            problems.append(SchemaViolation(file: file, record: index, field: problem.field, message: problem.message))
        }
        return problems
    }
}
