import Testing
@testable import PostgresLoad

@Suite struct DatabaseURLTests {
    @Test func partsAreRead() throws {
        let url = try DatabaseURL(parsing: "postgres://loader:s%40cr3t@127.0.0.1:55432/analytics?sslmode=disable")
        #expect(url == DatabaseURL(host: "127.0.0.1", port: 55432, user: "loader", password: "s@cr3t", database: "analytics", tls: .disable))
        let plain = try DatabaseURL(parsing: "postgresql://me@db.example/warehouse")
        #expect(plain.port == 5432 && plain.password == nil && plain.tls == .prefer && plain.host == "db.example")
        let v6 = try DatabaseURL(parsing: "postgres://me@[::1]:6000/d")
        #expect(v6.host == "::1" && v6.port == 6000)
        #expect(v6.description == "postgres://me@[::1]:6000/d")
        // An unencoded @ in the password: the last @ ends the credentials.
        let raw = try DatabaseURL(parsing: "postgres://me:p@ss@h/d")
        #expect(raw.password == "p@ss" && raw.host == "h")
    }

    @Test func thePasswordNeverShows() throws {
        let url = try DatabaseURL(parsing: "postgres://loader:hunter2@127.0.0.1:5432/db")
        #expect(url.description == "postgres://loader:***@127.0.0.1:5432/db")
        #expect(!"\(url)".contains("hunter2"))
        for broken in [
            "postgres://loader:hunter2@127.0.0.1:99999/db", "postgres://loader:hunter2@127.0.0.1:5432/",
            "postgres://loader:hunter2@127.0.0.1/db?sslmode=maybe", "postgres://loader:hunter2@:5432/db",
            "postgres://loader:hunter2@h/db?password=x",
        ] {
            do {
                _ = try DatabaseURL(parsing: broken)
                Issue.record("accepted \(broken)")
            } catch {
                #expect(error.kind == .usage)
                #expect(!error.message.contains("hunter2"), "\(error.message)")
                #expect(error.message.contains("loader:***@"), "\(error.message)")
            }
        }
    }

    @Test func otherSchemesAndMissingPartsAreRefused() {
        for bad in ["mysql://u@h/d", "postgres://h/d", "postgres://u@h", "postgres://u@h:0/d", "postgres://u@h:x/d", "postgres://u@[::1/d", ""] {
            #expect(throws: LoadError.self, "\(bad)") { try DatabaseURL(parsing: bad) }
        }
    }
}
