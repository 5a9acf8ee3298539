import TikiJSON

/// The type of a field in a schema file.
package indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case int64
    case int32
    case double
    case boolean
    case string
    /// ISO-8601 strings or epoch numbers in JSON; microseconds since the epoch, UTC, in Parquet.
    case timestamp
    case list(FieldType)
    case `struct`([Field])

    package var description: String {
        switch self {
        case .int64: "int64"
        case .int32: "int32"
        case .double: "double"
        case .boolean: "boolean"
        case .string: "string"
        case .timestamp: "timestamp"
        case .list(let element): "list<\(element)>"
        case .struct: "struct"
        }
    }

    package var isScalar: Bool {
        switch self {
        case .list, .struct: false
        default: true
        }
    }
}

/// A named transform applied to a source value during projection.
package enum FieldTransform: String, Sendable, Hashable, CaseIterable {
    /// HTML → normalized plain text.
    case htmlText = "html_text"
    /// HTML → the `src` URLs of its `<img>` tags, as a list of strings.
    case htmlImageURLs = "html_image_urls"
}

/// One field of a record: its name, type, nullability and where its value comes from in a raw document.
package struct Field: Sendable, Hashable {
    package var name: String
    package var type: FieldType
    package var nullable: Bool
    /// Where the value is read from in the raw document; `nil` means a member named like the field.
    package var source: SourcePath?
    package var transform: FieldTransform?

    package init(
        name: String, type: FieldType, nullable: Bool = true, source: SourcePath? = nil,
        transform: FieldTransform? = nil
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.source = source
        self.transform = transform
    }

    /// The effective source path (the field's own name when none is declared).
    package var resolvedSource: SourcePath { source ?? SourcePath(steps: [.member(name)]) }
}

/// The record layout that ingest produces and convert turns into columns.
package struct Schema: Sendable, Hashable {
    package var name: String
    package var fields: [Field]

    package init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
    }

    package var fieldNames: [String] { fields.map(\.name) }

    /// Why records of this schema cannot be resumed by ID, or `nil`: the resume ledger and the retry stage find
    /// an ID in a record's `id`, so it must be there, an integer, and never null.
    package var keyProblem: String? {
        guard let key = fields.first(where: { $0.name == "id" }) else {
            return "schema \(name) has no field named id: ingest needs each record's product ID to resume and to retry"
        }
        guard key.type == .int64 || key.type == .int32 else {
            return "schema \(name): field id is \(key.type), and must be int64 (the product ID)"
        }
        return nil
    }
}

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

extension Schema {
    /// The default record of the ingest job; `schemas/tiki-product.json` is its file form (a test keeps them equal).
    package static let tikiProduct = Schema(
        name: "tiki-product",
        fields: [
            Field(name: "id", type: .int64, nullable: false, source: SourcePath(parsing: "id")),
            Field(name: "name", type: .string, nullable: false, source: SourcePath(parsing: "name")),
            Field(name: "url_key", type: .string, nullable: true, source: SourcePath(parsing: "url_key")),
            Field(name: "price", type: .int64, nullable: true, source: SourcePath(parsing: "price")),
            Field(name: "description", type: .string, nullable: true, source: SourcePath(parsing: "description"), transform: .htmlText),
            Field(name: "images", type: .list(.string), nullable: true, source: SourcePath(parsing: "images[].base_url")),
        ])
}
