import Foundation
import MockTikiAPI
import SeededRandom
import Testing
@testable import TikiIngest

@Suite struct IngestConfigurationTests {
    @Test func layersApplyInOrderAndNameTheirSource() throws {
        let dir = NSTemporaryDirectory() + "cfg-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = "\(dir)/config.json"
        try Data(#"{"concurrency": 10, "timeout": 2, "headers": {"X-Test": "1"}}"#.utf8).write(to: URL(fileURLWithPath: file))
        var c = IngestConfiguration()
        try c.apply(file: file)
        try c.apply(environment: ["TIKI_CONCURRENCY": "20", "TIKI_MAX_RETRIES": "5", "PATH": "/bin"])
        try c.set("concurrency", text: "30", source: "flag --concurrency")
        #expect(c.http.concurrency == 30)
        #expect(c.http.timeout == 2)
        #expect(c.retry.maxRetries == 5)
        #expect(c.http.headers["X-Test"] == "1")
        #expect(c.json["concurrency"] == .int(30))

        do {
            try c.apply(environment: ["TIKI_CONCURRENCY": "lots"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("TIKI_CONCURRENCY"))
        }
        do {
            try c.set("batch_size", text: "0", source: "flag --batch-size")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "invalid batch_size from flag --batch-size: 0 is outside 1...1000000")
        }
        #expect(throws: ConfigurationError.self) { try c.set("base_url", text: "ftp://x", source: "f") }
        #expect(throws: ConfigurationError.self) { try c.set("no_such_key", text: "1", source: "f") }
    }
}
