import Foundation
import TikiJSON

/// How a load treats the rows already in the table.
public enum LoadMode: String, Sendable, CaseIterable {
    /// Insert every row; a product already in the table fails the load (its primary key), which rolls back.
    case append
    /// Insert new products and update changed ones: loading the same input twice leaves the table as one load.
    case upsert
    /// Build a new table from the input and swap it in for the old one.
    case replace
}

/// The settings of a load.
public struct LoadOptions: Sendable {
    public var table = "products"
    public var mode = LoadMode.append
    public var nulPolicy = CopyTextEncoder.NulPolicy.reject
    public var invalidUTF8 = JSONParser.InvalidUTF8.reject
    /// JSON batch files parsed and encoded ahead of the one being sent (one per core keeps both busy).
    public var encodeAhead = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// `replace`: connections that copy at once, each into the new table in its own transaction (a single
    /// server backend is what limits one COPY); 1 copies in the swap's own transaction.
    public var connections = 2
    /// Seconds between progress reports.
    public var progressInterval = 2.0
    /// Seconds to wait for the server to accept the connection.
    public var connectTimeout = 10.0
    /// The method that compresses large values (TOAST) written by this load, set for its transaction only
    /// (`SET LOCAL default_toast_compression`); `nil` leaves the server's setting. lz4 costs the server a
    /// fraction of the default pglz's CPU for kilobyte descriptions, and readers decompress either; it is used
    /// only when the server was built with it.
    public var toastCompression: String? = "lz4"
    /// Run `ANALYZE` on the table after the load, so the planner knows its new size at once.
    public var analyze = true

    public init() {}
}

/// Where a load stands, as the progress display shows it.
public struct LoadProgress: Sendable {
    public var filesDone: Int
    public var files: Int
    public var rows: Int
    public var bytesSent: Int
    public var seconds: Double
    public var phase: String
}
