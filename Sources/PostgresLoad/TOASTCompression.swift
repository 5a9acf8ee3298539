/// How a load compresses the large values (TOAST) it writes.
package enum TOASTCompression: String, Sendable, CaseIterable {
    case lz4, pglz
    /// The server's own `default_toast_compression`.
    case server

    /// The method to set for the load's transaction, or `nil` to leave the server's.
    package var method: String? { self == .server ? nil : rawValue }
}
