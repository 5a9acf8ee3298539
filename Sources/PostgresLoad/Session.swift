import Logging
import PostgresNIO

/// The statements and catalog queries a load runs on its one connection.
struct Session: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs one statement (the extended protocol takes one per message) and discards its rows.
    func execute(_ sql: String) async throws {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await _ in rows {}
    }

    /// `r` (table), `p` (partitioned table), `v` (view) …, or `nil` when nothing by that name is on the search path.
    func relationKind(_ table: String) async throws -> String? {
        let rows = try await connection.query(
            "SELECT c.relkind::text FROM pg_class c WHERE c.oid = to_regclass(\(SQL.quote(table)))", logger: logger)
        for try await kind in rows.decode(String.self) { return kind }
        return nil
    }

    /// The table's columns in catalog order: name, `format_type`, nullable.
    func columns(_ table: String) async throws -> [(name: String, sqlType: String, nullable: Bool)] {
        let rows = try await connection.query(
            """
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
            FROM pg_attribute a
            WHERE a.attrelid = to_regclass(\(SQL.quote(table))) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """, logger: logger)
        var out: [(name: String, sqlType: String, nullable: Bool)] = []
        for try await (name, type, nullable) in rows.decode((String, String, Bool).self) { out.append((name, type, nullable)) }
        return out
    }

    /// Whether a unique index without a predicate covers exactly `column`, as `ON CONFLICT (column)` needs.
    func hasUniqueKey(_ table: String, column: String) async throws -> Bool {
        let rows = try await connection.query(
            """
            SELECT count(*) FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = to_regclass(\(SQL.quote(table))) AND i.indisunique AND i.indnkeyatts = 1
              AND i.indpred IS NULL AND a.attname = \(column)
            """, logger: logger)
        for try await count in rows.decode(Int64.self) { return count > 0 }
        return false
    }

    /// Whether the server accepts `method` for `default_toast_compression` (lz4 needs PostgreSQL 14 built with it).
    func supportsTOASTCompression(_ method: String) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' AND \(method) = ANY(enumvals)", logger: logger)
        for try await count in rows.decode(Int64.self) { return count > 0 }
        return false
    }

    /// The two bigint columns of a one-row result.
    func twoCounts(_ sql: String) async throws -> (Int, Int) {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await (a, b) in rows.decode((Int64, Int64).self) { return (Int(a), Int(b)) }
        return (0, 0)
    }

    /// `count(*)` of a table.
    func count(_ table: String) async throws -> Int {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(SQL.quote(table))"), logger: logger)
        for try await n in rows.decode(Int64.self) { return Int(n) }
        return 0
    }
}
