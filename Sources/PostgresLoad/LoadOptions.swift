import Foundation
import TikiJSON

/// The settings of a load.
package struct LoadOptions: Sendable {
    package var table = "products"
    package var mode = LoadMode.append
    package var nulPolicy = CopyTextEncoder.NulPolicy.reject
    package var invalidUTF8 = JSONParser.InvalidUTF8.reject
    /// JSON batch files parsed and encoded ahead of the one being sent (one per core keeps both busy).
    package var encodeAhead = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// `replace`: connections that copy at once, each into the new table in its own transaction (a single
    /// server backend is what limits one COPY); 1 copies in the swap's own transaction.
    package var connections = 2
    /// Seconds between progress reports.
    package var progressInterval = 2.0
    /// Seconds to wait for the server to accept the connection.
    package var connectTimeout = 10.0
    /// The method that compresses large values (TOAST) written by this load, set for its transaction only
    /// (`SET LOCAL default_toast_compression`); `.server` leaves the server's setting. lz4 costs the server a
    /// fraction of the default pglz's CPU for kilobyte descriptions, and readers decompress either; it is used
    /// only when the server was built with it.
    package var toastCompression = TOASTCompression.lz4
    /// Run `ANALYZE` on the table after the load, so the planner knows its new size at once.
    package var analyze = true

    package init() {}
}
