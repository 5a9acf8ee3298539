import TikiJSON

/// A path into a raw document: `brand.name`, `images[].base_url`, or a run-time value such as `$fetched_at`.
package struct SourcePath: Sendable, Hashable, CustomStringConvertible {
    package enum Step: Sendable, Hashable {
        case member(String)
        /// `[]`: apply the rest of the path to every element of an array.
        case each
        /// `$name`: a value supplied by the caller at projection time rather than read from the document.
        case variable(String)
    }

    package var steps: [Step]

    package init(steps: [Step]) { self.steps = steps }

    /// Parses `a.b[].c`; returns `nil` when the text is not a well-formed path.
    package init?(parsing text: String) {
        if text.hasPrefix("$") {
            let name = String(text.dropFirst())
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            steps = [.variable(name)]
            return
        }
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var eachCount = 0
            while name.hasSuffix("[]") {
                name = name.dropLast(2)
                eachCount += 1
            }
            guard !name.isEmpty, !name.contains("["), !name.contains("]") else { return nil }
            steps.append(.member(String(name)))
            steps.append(contentsOf: repeatElement(.each, count: eachCount))
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
    }

    package var description: String {
        var out = ""
        for step in steps {
            switch step {
            case .member(let name): out += out.isEmpty ? name : ".\(name)"
            case .each: out += "[]"
            case .variable(let name): out += "$\(name)"
            }
        }
        return out
    }

    /// Whether the path maps over an array and so yields a list.
    package var yieldsList: Bool { steps.contains(.each) }
}
