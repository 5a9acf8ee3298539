/// Where a value lies in a record, kept as steps and worded only when a problem names it.
package struct FieldPath: Sendable, CustomStringConvertible {
    enum Step: Sendable {
        case member(String)
        case element(Int)
    }

    private var steps: [Step] = []

    package init() {}

    /// The path of a top-level field.
    package init(field name: String) {
        steps = [.member(name)]
    }

    mutating func push(_ step: Step) { steps.append(step) }

    mutating func pop() { steps.removeLast() }

    /// `name`, `a.b`, `a[3]`, `a[3].b`; `<record>` for the record itself.
    package var description: String {
        guard !steps.isEmpty else { return "<record>" }
        var text = ""
        for step in steps {
            switch step {
            case .member(let name): text += text.isEmpty ? name : ".\(name)"
            case .element(let i): text += "[\(i)]"
            }
        }
        return text
    }
}
