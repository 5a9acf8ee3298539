import Foundation
/// The INI dialect of `~/.aws/credentials` and `~/.aws/config`: `[section]` headers, `key = value` lines,
/// `#` and `;` comments, indented continuation lines (nested settings such as `s3 =`) ignored.
package struct IniFile: Sendable, Equatable {
    /// Sections by name, keys lower-cased; a key repeated in one section keeps its last value.
    package var sections: [String: [String: String]] = [:]

    package init(sections: [String: [String: String]] = [:]) {
        self.sections = sections
    }

    /// Parses text; lines it cannot read are skipped, as the AWS CLI does for unknown settings.
    package init(parsing text: String) {
        var current: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            // A nested block (`s3 =` then indented lines) belongs to the key above it; none of them is ours.
            if raw.first == " " || raw.first == "\t" { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { current = nil; continue }
                let name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespacesAndNewlines)
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
            // An inline comment needs a space before it, so a secret may hold `#` or `;`.
            for marker in [" #", " ;", "\t#", "\t;"] {
                if let range = value.range(of: marker) { value = String(value[..<range.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            guard !key.isEmpty else { continue }
            sections[current, default: [:]][key] = value
        }
    }

    package subscript(section: String, key: String) -> String? {
        sections[section]?[key.lowercased()]
    }
}
