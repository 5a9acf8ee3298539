import Foundation
import TikiJSON

/// What a load did: rows sent and what became of them, throughput, and the report's other fields.
package struct LoadSummary: Sendable {
    package var database: String
    package var table: String
    package var mode: LoadMode
    package var schema: String
    package var files = 0
    /// Rows sent through COPY (every record of the input).
    package var rowsCopied = 0
    /// Rows new to the table.
    package var inserted = 0
    /// Upsert: rows whose product was in the table with other values.
    package var updated = 0
    /// Upsert: rows whose product was in the table with the same values (or that a later row of the input replaced).
    package var unchanged = 0
    /// Rows in the table after the load.
    package var tableRows = 0
    package var inputBytes = 0
    package var bytesSent = 0
    package var strippedNulValues = 0
    package var copySeconds = 0.0
    package var seconds = 0.0

    package init(database: String, table: String, mode: LoadMode, schema: String) {
        self.database = database
        self.table = table
        self.mode = mode
        self.schema = schema
    }

    package var rowsPerSecond: Double { seconds > 0 ? Double(rowsCopied) / seconds : 0 }

    /// One line: rows, rows/s, what became of them.
    package var line: String {
        var outcome = "\(inserted) inserted"
        if mode == .upsert { outcome += ", \(updated) updated, \(unchanged) unchanged" }
        let rate = String(format: "%.1f MB sent in %.2f s, %.0f rows/s", Double(bytesSent) / 1e6, seconds, rowsPerSecond)
        return "loaded \(rowsCopied) rows from \(files) file(s) into \(table) (\(mode.rawValue)): \(outcome); \(rate); the table has \(tableRows) rows"
    }

    /// The JSON report: configuration, counts, throughput and timing.
    package func report(status: String, error: String? = nil, startedAt: Date, peakRSSBytes: Int? = nil) -> JSONValue {
        var object = JSONObject()
        object["command"] = "load"
        object["status"] = .string(status)
        if let error { object["error"] = .string(error) }
        object["database"] = .string(database)
        object["table"] = .string(table)
        object["mode"] = .string(mode.rawValue)
        object["schema"] = .string(schema)
        object["files"] = .int(Int64(files))
        object["rows_copied"] = .int(Int64(rowsCopied))
        object["inserted"] = .int(Int64(inserted))
        object["updated"] = .int(Int64(updated))
        object["unchanged"] = .int(Int64(unchanged))
        object["table_rows"] = .int(Int64(tableRows))
        object["input_bytes"] = .int(Int64(inputBytes))
        object["bytes_sent"] = .int(Int64(bytesSent))
        object["stripped_nul_values"] = .int(Int64(strippedNulValues))
        object["copy_seconds"] = .double(copySeconds)
        object["seconds"] = .double(seconds)
        object["rows_per_second"] = .double(rowsPerSecond.rounded())
        if let peakRSSBytes { object["peak_rss_bytes"] = .int(Int64(peakRSSBytes)) }
        let formatter = ISO8601DateFormatter()
        object["started_at"] = .string(formatter.string(from: startedAt))
        object["finished_at"] = .string(formatter.string(from: Date()))
        return .object(object)
    }
}
