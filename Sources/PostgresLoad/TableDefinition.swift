import TikiSchema

/// One column of the target table: its name, its PostgreSQL type as `format_type` spells it, and nullability.
package struct ColumnDefinition: Sendable, Equatable {
    package var name: String
    /// The type as PostgreSQL's `format_type()` prints it (`bigint`, `text[]`, `timestamp with time zone`), so an
    /// existing table's catalog entry compares as text, and the DDL uses the same words.
    package var sqlType: String
    package var nullable: Bool
    /// The schema type the values come from, which decides how they are written in COPY text.
    package var fieldType: FieldType

    package init(name: String, sqlType: String, nullable: Bool, fieldType: FieldType) {
        self.name = name
        self.sqlType = sqlType
        self.nullable = nullable
        self.fieldType = fieldType
    }
}

/// The table a schema loads into: columns in schema order and the key column.
package struct TableDefinition: Sendable, Equatable {
    /// The key field: ingest's resume ledger and retry find a product by `id` (`Schema.keyProblem`), so a record
    /// is the same product exactly when its `id` is, and `id` is the primary key.
    package static let keyColumn = "id"

    package var name: String
    package var columns: [ColumnDefinition]

    /// The table for `schema`; the error names the schema's problem with its key.
    package init(name: String, schema: Schema) throws(LoadError) {
        try SQL.checkIdentifier(name, what: "table name")
        if let problem = schema.keyProblem { throw LoadError(.usage, problem) }
        self.name = name
        var columns: [ColumnDefinition] = []
        for field in schema.fields {
            try SQL.checkIdentifier(field.name, what: "column name (schema field)")
            columns.append(ColumnDefinition(
                name: field.name, sqlType: Self.sqlType(field.type),
                nullable: field.nullable && field.name != Self.keyColumn, fieldType: field.type))
        }
        self.columns = columns
    }

    /// `bigint`, `integer`, `double precision`, `boolean`, `text`, `timestamptz`; a list of one of those is an
    /// array of it; structs, lists of structs and lists of lists are `jsonb` (PostgreSQL arrays must be
    /// rectangular and hold one scalar type, which nested lists and structs are not).
    package static func sqlType(_ type: FieldType) -> String {
        switch type {
        case .list(let element) where element.isScalar: scalarType(element) + "[]"
        case .list, .struct: "jsonb"
        default: scalarType(type)
        }
    }

    private static func scalarType(_ type: FieldType) -> String {
        switch type {
        case .int64: "bigint"
        case .int32: "integer"
        case .double: "double precision"
        case .boolean: "boolean"
        case .string: "text"
        case .timestamp: "timestamp with time zone"
        case .list, .struct: "jsonb"
        }
    }

    /// `CREATE TABLE [IF NOT EXISTS] "name" (…, PRIMARY KEY ("id"))`, for this table or under another name.
    package func createStatement(named table: String? = nil, ifNotExists: Bool = false, primaryKey: Bool = true) -> String {
        let target = table ?? name
        var lines = columns.map { column in
            "  \(SQL.quote(column.name)) \(column.sqlType)\(column.nullable ? "" : " NOT NULL")"
        }
        if primaryKey { lines.append("  PRIMARY KEY (\(SQL.quote(Self.keyColumn)))") }
        return "CREATE TABLE \(ifNotExists ? "IF NOT EXISTS " : "")\(SQL.quote(target)) (\n\(lines.joined(separator: ",\n"))\n)"
    }

    /// Compares an existing table's columns (name, `format_type`, nullable, in catalog order) with this
    /// definition; the error names the first column that differs and how.
    package func check(existing: [(name: String, sqlType: String, nullable: Bool)]) throws(LoadError) {
        func mismatch(_ text: String) -> LoadError {
            LoadError(.tableMismatch, "table \(name) does not match the schema: \(text)", remedy: .recreateTable)
        }
        for column in columns {
            guard let found = existing.first(where: { $0.name == column.name }) else {
                throw mismatch("it has no column \(column.name) (\(column.sqlType))")
            }
            guard found.sqlType == column.sqlType else {
                throw mismatch("column \(column.name) is \(found.sqlType), the schema needs \(column.sqlType)")
            }
            if !found.nullable, column.nullable {
                throw mismatch("column \(column.name) is NOT NULL, the schema allows nulls in it")
            }
        }
        for found in existing where !columns.contains(where: { $0.name == found.name }) {
            throw mismatch("column \(found.name) (\(found.sqlType)) is not in the schema")
        }
    }
}
