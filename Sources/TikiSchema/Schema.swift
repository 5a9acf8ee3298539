import TikiJSON

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
