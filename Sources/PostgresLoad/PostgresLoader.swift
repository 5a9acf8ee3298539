import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import TikiSchema

/// Loads input files into a PostgreSQL table through `COPY … FROM STDIN`, all in one transaction: a load that
/// fails or is killed at any point leaves the table as it was.
///
/// - `append`: COPY straight into the table (created from the schema when missing).
/// - `upsert`: COPY into a temporary staging table, then one `INSERT … ON CONFLICT (id) DO UPDATE` that skips
///   rows whose values did not change, so a second load of the same input changes nothing.
/// - `replace`: COPY into a new table, then drop the old one and rename the new one into its place.
package struct PostgresLoader: Sendable {
    package var url: DatabaseURL
    package var schema: Schema
    package var options: LoadOptions
    package var logger: Logger

    /// Name of the staging table's column that keeps input order, so the last row of a product wins.
    static let orderColumn = "_tiki_load_order"

    package init(url: DatabaseURL, schema: Schema, options: LoadOptions, logger: Logger) {
        self.url = url
        self.schema = schema
        self.options = options
        self.logger = logger
    }

    /// Runs the load; `progress` is called every `progressInterval` seconds and at the end of each phase.
    package func load(_ inputs: [LoadInput], progress: @escaping @Sendable (LoadProgress) -> Void = { _ in }) async throws(LoadError) -> LoadSummary {
        let definition = try TableDefinition(name: options.table, schema: schema)
        if options.mode == .replace, options.connections > 1, inputs.count > 1 {
            return try await loadReplacingInParallel(inputs, definition: definition, progress: progress)
        }
        var summary = LoadSummary(database: url.description, table: options.table, mode: options.mode, schema: schema.name)
        summary.files = inputs.count
        let started = ContinuousClock.now
        var phase = "connecting to \(url)"
        let connection: PostgresConnection
        do { connection = try await connect() } catch { throw Self.describe(error, while: phase) }
        do {
            let session = Session(connection: connection, logger: logger)
            phase = "starting the transaction"
            try await session.execute("BEGIN")
            // Loads into one table run one at a time: the second waits here rather than racing the first to
            // create the table or to swap it.
            try await session.execute("SELECT pg_advisory_xact_lock(hashtext(\(SQL.literal("tiki-pipeline load " + options.table))))")
            try await applyTOASTCompression(session)
            phase = "checking table \(options.table)"
            let copyTarget = try await prepare(definition, session: session)
            phase = "copying into \(copyTarget)"
            try await copy(inputs, into: copyTarget, columns: definition.columns, session: session, summary: &summary, started: started, progress: progress)
            summary.copySeconds = (ContinuousClock.now - started) / .seconds(1)
            phase = "finishing the \(options.mode.rawValue) into \(options.table)"
            try await finish(definition, copied: copyTarget, session: session, summary: &summary)
            // Counted before the commit: once committed, the load has succeeded, whatever happens to the connection.
            summary.tableRows = try await session.count(options.table)
            phase = "committing"
            try await session.execute("COMMIT")
            try? await connection.close()
        } catch {
            // Closing without COMMIT makes the server roll the transaction back.
            try? await connection.close()
            throw Self.describe(error, while: phase)
        }
        summary.seconds = (ContinuousClock.now - started) / .seconds(1)
        progress(LoadProgress(filesDone: inputs.count, files: inputs.count, rows: summary.rowsCopied, bytesSent: summary.bytesSent, seconds: summary.seconds, phase: "done"))
        return summary
    }

    /// Sets the transaction's TOAST compression when the server has the method.
    func applyTOASTCompression(_ session: Session) async throws {
        if let method = options.toastCompression.method, try await session.supportsTOASTCompression(method) {
            try await session.execute("SET LOCAL default_toast_compression = \(SQL.literal(method))")
        }
    }

    func connect() async throws -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable:
            tls = .disable
        case .prefer, .require:
            // As libpq's sslmode of the same names: encrypted, without verifying the certificate.
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            let context = try NIOSSLContext(configuration: configuration)
            tls = url.tls == .prefer ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: tls)
        configuration.options.connectTimeout = .milliseconds(Int64(options.connectTimeout * 1000))
        return try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger)
    }

    /// Checks or creates what the COPY writes into, and returns its name.
    private func prepare(_ definition: TableDefinition, session: Session) async throws -> String {
        let table = options.table
        let kind = try await session.relationKind(table)
        if let kind, !["r", "p"].contains(kind) {
            throw LoadError(.tableMismatch, "\(table) exists and is not a table (relkind \(kind))")
        }
        switch options.mode {
        case .append, .upsert:
            if kind != nil {
                try definition.check(existing: try await session.columns(table))
                if options.mode == .upsert, !(try await session.hasUniqueKey(table, column: TableDefinition.keyColumn)) {
                    throw LoadError(
                        .tableMismatch,
                        "table \(table) has no primary key or unique index on \(TableDefinition.keyColumn) alone, which upsert needs",
                        remedy: .recreateTable)
                }
            } else {
                try await session.execute(definition.createStatement())
            }
            guard options.mode == .upsert else { return table }
            let stage = "tiki_load_stage"
            try await session.execute("CREATE TEMP TABLE \(SQL.quote(stage)) (LIKE \(SQL.quote(table))) ON COMMIT DROP")
            try await session.execute("ALTER TABLE \(SQL.quote(stage)) ADD COLUMN \(SQL.quote(Self.orderColumn)) bigint GENERATED ALWAYS AS IDENTITY")
            return stage
        case .replace:
            let fresh = Self.replacementName(for: table)
            // The key comes after the rows (`finish`), as PostgreSQL's "Populating a Database" advises.
            try await session.execute(definition.createStatement(named: fresh, primaryKey: false))
            return fresh
        }
    }

    /// A name for the table built by `replace`, unique to this process and within PostgreSQL's 63 bytes.
    static func replacementName(for table: String) -> String {
        "tiki_load_new_\(getpid())"
    }

    /// Streams every input through COPY, encoding the next files on other threads while one is sent.
    func copy(
        _ inputs: [LoadInput], into target: String, columns: [ColumnDefinition], session: Session,
        summary: inout LoadSummary, started: ContinuousClock.Instant, progress: @Sendable (LoadProgress) -> Void
    ) async throws {
        let encoder = ChunkEncoder(schema: schema, columns: columns, nulPolicy: options.nulPolicy, invalidUTF8: options.invalidUTF8)
        var lines = CopyLineMap()
        var lastReport = started
        var filesDone = 0
        let ahead = options.encodeAhead
        let interval = Duration.milliseconds(Int64(options.progressInterval * 1000))
        var local = summary
        do {
            try await session.connection.copyFrom(table: target, columns: columns.map(\.name), logger: logger) { writer in
                var pending: [Int: Task<EncodedChunk, any Error>] = [:]
                defer { for task in pending.values { task.cancel() } }
                func schedule(from index: Int) {
                    var i = index
                    while i < inputs.count, i < index + ahead {
                        if case .jsonBatch(let file) = inputs[i], pending[i] == nil {
                            pending[i] = Task.detached { try encoder.encodeJSONBatch(file) }
                        }
                        i += 1
                    }
                }
                // Bookkeeping only: an async local function would be a hop off the closure's isolation, which
                // the captured counters cannot make.
                func sent(_ chunk: EncodedChunk) {
                    lines.add(chunk)
                    local.rowsCopied += chunk.rows
                    local.bytesSent += chunk.bytes.count
                    local.inputBytes += chunk.inputBytes
                    local.strippedNulValues += chunk.strippedValues
                    let now = ContinuousClock.now
                    if now - lastReport >= interval {
                        lastReport = now
                        progress(LoadProgress(
                            filesDone: filesDone, files: inputs.count, rows: local.rowsCopied, bytesSent: local.bytesSent,
                            seconds: (now - started) / .seconds(1), phase: "copy"))
                    }
                }
                for index in inputs.indices {
                    schedule(from: index)
                    switch inputs[index] {
                    case .jsonBatch:
                        let chunk = try await pending.removeValue(forKey: index)!.value
                        try await writer.write(ByteBuffer(bytes: chunk.bytes))
                        sent(chunk)
                    case .parquet(let file):
                        let reader = try encoder.openParquet(file)
                        var firstRow = 1
                        for group in reader.metadata.rowGroups.indices {
                            for chunk in try encoder.encodeParquet(reader, rowGroup: group, firstRow: firstRow) {
                                try await writer.write(ByteBuffer(bytes: chunk.bytes))
                                sent(chunk)
                            }
                            firstRow += Int(reader.metadata.rowGroups[group].numRows)
                        }
                    }
                    filesDone += 1
                }
            }
        } catch let error as PSQLError {
            // The server names the line of the COPY stream it refused; name the file and record instead.
            if let context = error.serverInfo?[.locationContext], let place = lines.locate(context: context) {
                throw LoadError(.input, "\(place): \(Self.describe(error, while: "copying into \(target)").message)")
            }
            throw error
        }
        summary = local
    }

    /// Moves the staged rows into the table (upsert) or the new table into place (replace).
    func finish(_ definition: TableDefinition, copied target: String, session: Session, summary: inout LoadSummary) async throws {
        let table = SQL.quote(options.table)
        switch options.mode {
        case .append:
            summary.inserted = summary.rowsCopied
        case .upsert:
            let names = definition.columns.map { SQL.quote($0.name) }
            let key = SQL.quote(TableDefinition.keyColumn)
            let others = definition.columns.filter { $0.name != TableDefinition.keyColumn }.map { SQL.quote($0.name) }
            let conflict = others.isEmpty
                ? "DO NOTHING"
                : "DO UPDATE SET \(others.map { "\($0) = EXCLUDED.\($0)" }.joined(separator: ", ")) "
                    + "WHERE (\(others.map { "t.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(others.map { "EXCLUDED.\($0)" }.joined(separator: ", ")))"
            // DISTINCT ON keeps the last row of a product that appears twice in the input (a later batch is the
            // newer fetch); ON CONFLICT cannot touch one row twice in a statement.
            let sql = """
                WITH merged AS (
                  INSERT INTO \(table) AS t (\(names.joined(separator: ", ")))
                  SELECT DISTINCT ON (\(key)) \(names.joined(separator: ", ")) FROM \(SQL.quote(target))
                  ORDER BY \(key), \(SQL.quote(Self.orderColumn)) DESC
                  ON CONFLICT (\(key)) \(conflict)
                  RETURNING (xmax = 0) AS inserted
                )
                SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
                """
            let (inserted, updated) = try await session.twoCounts(sql)
            summary.inserted = inserted
            summary.updated = updated
            summary.unchanged = summary.rowsCopied - inserted - updated
        case .replace:
            let fresh = SQL.quote(target)
            // One sort-and-build of the key index over the loaded rows costs less than keeping the index as each
            // row arrives. It runs before the old table is touched, so readers of it wait only for the swap; a
            // repeated id fails here, naming it ("Key (id)=(…) is duplicated").
            try await session.execute("ALTER TABLE \(fresh) ADD PRIMARY KEY (\(SQL.quote(TableDefinition.keyColumn)))")
            if try await session.relationKind(options.table) != nil {
                try await session.execute("DROP TABLE \(table)")
            }
            try await session.execute("ALTER TABLE \(fresh) RENAME TO \(table)")
            try await session.execute("ALTER TABLE \(table) RENAME CONSTRAINT \(SQL.quote(target + "_pkey")) TO \(SQL.quote(options.table + "_pkey"))")
            summary.inserted = summary.rowsCopied
        }
        if options.analyze { try await session.execute("ANALYZE \(table)") }
    }

    /// A `LoadError` from whatever failed, naming what the load was doing; server errors give PostgreSQL's
    /// message, detail, hint and SQLSTATE (postgres-nio's own description hides them all).
    static func describe(_ error: any Error, while phase: String) -> LoadError {
        if let error = error as? LoadError { return error }
        if let error = error as? PSQLError {
            if let info = error.serverInfo {
                var text = info[.message] ?? "server error"
                if let detail = info[.detail] { text += " (\(detail))" }
                if let hint = info[.hint] { text += "; hint: \(hint)" }
                if let state = info[.sqlState] { text += " [SQLSTATE \(state)]" }
                return LoadError(.database, "\(phase): \(text)")
            }
            var text = "\(error.code)"
            if let underlying = error.underlying { text += ": \(underlying)" }
            return LoadError(.database, "\(phase): \(text)")
        }
        if error is CancellationError { return LoadError(.database, "\(phase): cancelled") }
        return LoadError(.database, "\(phase): \(error)")
    }
}

extension PostgresLoader {
    /// `replace` over several connections, so that several server backends parse and store rows at once: one
    /// backend is what limits a single COPY. The new table is built under its own name in separate, committed
    /// transactions (one per connection), and swapped in for the old one in one more transaction; until that
    /// commit the old table is untouched, so a load that fails or is killed still leaves it as it was. What a
    /// killed load leaves is the half-built table, `<table>_tiki_load`, which the next load of the table drops.
    func loadReplacingInParallel(
        _ inputs: [LoadInput], definition: TableDefinition, progress: @escaping @Sendable (LoadProgress) -> Void
    ) async throws(LoadError) -> LoadSummary {
        var summary = LoadSummary(database: url.description, table: options.table, mode: options.mode, schema: schema.name)
        summary.files = inputs.count
        let started = ContinuousClock.now
        let fresh = Self.parallelReplacementName(for: options.table)
        var phase = "connecting to \(url)"
        let control: PostgresConnection
        do { control = try await connect() } catch { throw Self.describe(error, while: phase) }
        let session = Session(connection: control, logger: logger)
        do {
            // A session lock, held across the load's transactions and released however the connection ends.
            try await session.execute("SELECT pg_advisory_lock(hashtext(\(SQL.literal("tiki-pipeline load " + options.table))))")
            phase = "creating \(fresh)"
            try await session.execute("DROP TABLE IF EXISTS \(SQL.quote(fresh))")
            try await session.execute(definition.createStatement(named: fresh, primaryKey: false))
            phase = "copying into \(fresh)"
            let workers = max(1, min(options.connections, inputs.count))
            let totals = ProgressTotals(files: inputs.count)
            let parts = try await withThrowingTaskGroup(of: LoadSummary.self) { group in
                for worker in 0..<workers {
                    // Files dealt in turn, so each connection gets an even share of the rows.
                    let share = inputs.enumerated().filter { $0.offset % workers == worker }.map(\.element)
                    group.addTask {
                        let connection = try await connect()
                        do {
                            let copySession = Session(connection: connection, logger: logger)
                            try await copySession.execute("BEGIN")
                            try await applyTOASTCompression(copySession)
                            var part = LoadSummary(database: url.description, table: options.table, mode: options.mode, schema: schema.name)
                            try await copy(
                                share, into: fresh, columns: definition.columns, session: copySession, summary: &part, started: started
                            ) { progress(totals.update(worker, $0)) }
                            try await copySession.execute("COMMIT")
                            try? await connection.close()
                            return part
                        } catch {
                            try? await connection.close()
                            throw error
                        }
                    }
                }
                var parts: [LoadSummary] = []
                for try await part in group { parts.append(part) }
                return parts
            }
            for part in parts {
                summary.rowsCopied += part.rowsCopied
                summary.bytesSent += part.bytesSent
                summary.inputBytes += part.inputBytes
                summary.strippedNulValues += part.strippedNulValues
            }
            summary.copySeconds = (ContinuousClock.now - started) / .seconds(1)
            phase = "swapping \(fresh) in for \(options.table)"
            try await session.execute("BEGIN")
            try await finish(definition, copied: fresh, session: session, summary: &summary)
            summary.tableRows = try await session.count(options.table)
            phase = "committing"
            try await session.execute("COMMIT")
            try? await control.close()
        } catch {
            try? await session.execute("ROLLBACK")
            try? await session.execute("DROP TABLE IF EXISTS \(SQL.quote(fresh))")
            try? await control.close()
            throw Self.describe(error, while: phase)
        }
        summary.seconds = (ContinuousClock.now - started) / .seconds(1)
        progress(LoadProgress(filesDone: inputs.count, files: inputs.count, rows: summary.rowsCopied, bytesSent: summary.bytesSent, seconds: summary.seconds, phase: "done"))
        return summary
    }

    /// `<table>_tiki_load`, the table name shortened so that the name and its `_pkey` fit in 63 bytes.
    static func parallelReplacementName(for table: String) -> String {
        var base = table
        while base.utf8.count > 48 { base.removeLast() }
        return base + "_tiki_load"
    }
}

