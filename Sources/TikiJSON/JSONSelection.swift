/// The parts of a document a caller needs: everything, or some members of objects (applied through arrays).
///
/// Parsing with a selection skips everything else byte by byte, without building values: a product document
/// has about seventy members and the job's record needs six.
package indirect enum JSONSelection: Sendable, Equatable {
    case all
    case members([String: JSONSelection])

    /// Adds `path` (member names from the top; arrays are crossed implicitly) to the selection.
    package mutating func include(_ path: [String]) {
        guard let first = path.first else {
            self = .all
            return
        }
        guard case .members(var members) = self else { return }
        var child = members[first] ?? .members([:])
        child.include(Array(path.dropFirst()))
        members[first] = child
        self = .members(members)
    }

    /// A selection of the given top-level paths.
    package static func paths(_ paths: [[String]]) -> JSONSelection {
        var selection = JSONSelection.members([:])
        for path in paths { selection.include(path) }
        return selection
    }

    /// The same selection with member names as UTF-8, for matching keys without making strings; compile once
    /// for a job that reads many documents the same way.
    package func compiled() -> CompiledSelection {
        switch self {
        case .all: return CompiledSelection(keys: nil, children: [])
        case .members(let members):
            let sorted = members.sorted { $0.key < $1.key }
            return CompiledSelection(keys: sorted.map { Array($0.key.utf8) }, children: sorted.map { $0.value.compiled() })
        }
    }
}

/// A `JSONSelection` ready for the parser (`JSONSelection.compiled()`): `keys == nil` keeps everything.
package final class CompiledSelection: Sendable {
    let keys: [[UInt8]]?
    let children: [CompiledSelection]

    init(keys: [[UInt8]]?, children: [CompiledSelection]) {
        self.keys = keys
        self.children = children
    }

    /// Keeps every member at every depth.
    package static let all = CompiledSelection(keys: nil, children: [])
}
