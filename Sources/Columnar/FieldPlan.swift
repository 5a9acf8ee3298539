import TikiJSON
import TikiSchema

/// A schema field as the walker matches it: its name as bytes to compare keys against, its type, and its place
/// (`position` among its siblings; top-level fields are numbered in schema order).
package final class FieldPlan: Sendable {
    package let name: String
    let nameBytes: [UInt8]
    package let type: FieldType
    package let nullable: Bool
    package let position: Int
    /// Unique within the schema, depth first: a sink's index for its own facts about the field.
    package let id: Int
    package let children: [FieldPlan]
    package let element: FieldPlan?

    private init(_ field: Field, position: Int, next: inout Int) {
        name = field.name
        nameBytes = Array(field.name.utf8)
        type = field.type
        nullable = field.nullable
        self.position = position
        id = next
        next += 1
        switch field.type {
        case .struct(let fields):
            var children: [FieldPlan] = []
            for (i, child) in fields.enumerated() { children.append(FieldPlan(child, position: i, next: &next)) }
            self.children = children
            element = nil
        case .list(let elementType):
            children = []
            // List elements may be null, as `SchemaMapping` reads them.
            element = FieldPlan(Field(name: "element", type: elementType, nullable: true), position: 0, next: &next)
        default:
            children = []
            element = nil
        }
    }

    /// The plans of a schema's top-level fields.
    package static func plans(_ schema: Schema) -> [FieldPlan] {
        var next = 0
        var plans: [FieldPlan] = []
        for (i, field) in schema.fields.enumerated() { plans.append(FieldPlan(field, position: i, next: &next)) }
        return plans
    }
}
