import Foundation

/// A `postgres://user:password@host:port/database?sslmode=…` URL that never prints its password.
package struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS, as libpq's `sslmode` names it (`disable`, `prefer`, `require`).
    package enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    package var tls: TLSMode

    package init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses the URL; the error names the part that is wrong and never repeats the password.
    package init(parsing text: String) throws(LoadError) {
        func invalid(_ message: String) -> LoadError {
            LoadError(.usage, "invalid database URL \(Self.redacting(text)): \(message)")
        }
        let schemeEnd: String.Index
        if text.hasPrefix("postgres://") {
            schemeEnd = text.index(text.startIndex, offsetBy: 11)
        } else if text.hasPrefix("postgresql://") {
            schemeEnd = text.index(text.startIndex, offsetBy: 13)
        } else {
            throw invalid("expected postgres://user@host:port/database")
        }
        var rest = Substring(text[schemeEnd...])
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        // The last `@` separates credentials from the host: a password may contain `@` only percent-encoded, but
        // taking the last one also accepts it raw.
        var credentials: Substring?
        if let at = rest.lastIndex(of: "@") {
            credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var user = ""
        var password: String?
        if let credentials {
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let u = parts[0].removingPercentEncoding else { throw invalid("bad percent-encoding in the user name") }
            user = u
            if parts.count == 2 {
                guard let p = parts[1].removingPercentEncoding else { throw invalid("bad percent-encoding in the password") }
                password = p
            }
        }
        guard !user.isEmpty else { throw invalid("no user name (postgres://user@host/database)") }
        var host = String(rest)
        var port = 5432
        if host.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432.
            guard let close = host.firstIndex(of: "]") else { throw invalid("unclosed [ in the host") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw invalid("port must be 1-65535") }
                port = p
            } else if !after.isEmpty {
                throw invalid("unexpected text after the host")
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            guard let p = Int(host[host.index(after: colon)...]), (1...65535).contains(p) else { throw invalid("port must be 1-65535") }
            port = p
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw invalid("no host") }
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            throw invalid("no database name (postgres://user@host:port/database)")
        }
        var tls = TLSMode.prefer
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]), value = kv.count == 2 ? String(kv[1]) : ""
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else { throw invalid("sslmode must be disable, prefer or require, not \(value)") }
                tls = mode
            default:
                throw invalid("unknown parameter \(key) (known: sslmode)")
            }
        }
        self.init(host: host, port: port, user: user, password: password, database: database, tls: tls)
    }

    /// The URL with the password replaced by `***`, for logs, errors and reports.
    package var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let credentials = password == nil ? user : "\(user):***"
        return "postgres://\(credentials)@\(hostPart):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// `text` with whatever stands between `user:` and `@` masked, for URLs too broken to parse.
    static func redacting(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
              schemeEnd.upperBound <= at.lowerBound
        else { return text }
        let credentials = text[schemeEnd.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at.lowerBound...])
    }
}
