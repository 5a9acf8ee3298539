import Foundation
import MockTikiAPI
import SeededRandom
import Testing
@testable import TikiIngest

@Suite struct RetryPolicyTests {
    @Test func fullJitterStaysUnderTheExponentialCeiling() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: 0.5, maxDelay: 4, retryAfterCap: 10)
        let seed: UInt64 = 0x5EED_0004
        print("jitter seed \(seed)")
        var rng = SplitMix64(seed: seed)
        for retry in 1...6 {
            let ceiling = min(4, 0.5 * pow(2, Double(retry - 1)))
            let delays = (0..<200).map { _ in policy.delay(beforeRetry: retry, retryAfter: nil, using: &rng) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(delays.max()! > ceiling / 2, "jitter spreads over the whole range")
        }
    }

    @Test func retryAfterWinsAndIsCapped() {
        let policy = RetryPolicy(maxRetries: 3, baseDelay: 0.5, maxDelay: 30, retryAfterCap: 10)
        var rng = SplitMix64(seed: 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 7, using: &rng) == 7)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 120, using: &rng) == 10)
    }

    @Test func parsesRetryAfterSecondsAndTheThreeDateForms() {
        let now = Date(timeIntervalSince1970: 784_111_767)  // Sun, 06 Nov 1994 08:49:27 GMT
        #expect(RetryAfter.seconds(from: "120", now: now) == 120)
        #expect(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 10)
        #expect(RetryAfter.seconds(from: "Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 10)
        #expect(RetryAfter.seconds(from: "Sun Nov  6 08:49:37 1994", now: now) == 10)
        #expect(RetryAfter.seconds(from: "Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0, "a past date means now")
        #expect(RetryAfter.seconds(from: "soon", now: now) == nil)
        #expect(RetryAfter.seconds(from: "-5", now: now) == nil)
    }
}

@Suite struct ClassificationTests {
    func classify(_ status: Int, _ contentType: String? = "application/json", _ body: String = "", retryAfter: String? = nil) -> AttemptOutcome {
        ResponseClassifier.classify(status: status, contentType: contentType, retryAfter: retryAfter, body: Array(body.utf8), requestedID: 42)
    }

    func failure(_ outcome: AttemptOutcome) -> AttemptFailure? {
        if case .failure(let f) = outcome { return f }
        return nil
    }

    @Test func goodDocumentIsSuccess() {
        guard case .success(let doc) = classify(200, "application/json", #"{"id":42,"name":"x","price":1}"#) else {
            Issue.record("expected success")
            return
        }
        #expect(doc["id"] == .int(42))
    }

    @Test(arguments: [
        (404, OutcomeClass.notFound), (403, .clientError), (400, .clientError), (410, .clientError),
        (429, .rateLimited), (425, .rateLimited), (408, .timeout), (500, .serverError), (502, .serverError),
        (503, .serverError), (504, .serverError), (301, .clientError),
    ])
    func statusCodesMapToClasses(status: Int, expected: OutcomeClass) {
        #expect(failure(classify(status))?.outcome == expected)
        #expect(failure(classify(status))?.status == status)
    }

    @Test func captchaAndHTMLPagesAreBlocked() {
        let captcha = failure(classify(200, "text/html", "<html><body>captcha</body></html>"))
        #expect(captcha?.outcome == .blocked)
        #expect(captcha?.message.contains("captcha") == true)
        #expect(failure(classify(200, "application/json", "  <!DOCTYPE html><p>hi</p>"))?.outcome == .blocked)
        #expect(failure(classify(200, "application/json", "not json"))?.outcome == .blocked)
    }

    @Test func payloadProblemsAreInvalidPayload() {
        #expect(failure(classify(200, "application/json", #"{"name":"x","price":1}"#))?.outcome == .invalidPayload)
        #expect(failure(classify(200, "application/json", #"{"id":7,"name":"x","price":1}"#))?.message.contains("not 42") == true)
        let soft = failure(classify(200, "application/json", #"{"id":42,"url_key":"a"}"#))
        #expect(soft?.outcome == .invalidPayload)
        #expect(soft?.message.contains("name and price") == true)
        #expect(failure(classify(200, "application/json", "[1,2]"))?.outcome == .invalidPayload)
    }

    @Test func retryAfterIsParsedOn429And503() {
        #expect(failure(classify(429, retryAfter: "3"))?.retryAfter == 3)
        #expect(failure(classify(503, retryAfter: "2"))?.retryAfter == 2)
        #expect(failure(classify(429))?.retryAfter == nil)
    }

    @Test func transientAndPermanentClasses() {
        #expect(OutcomeClass.allCases.filter(\.isTransient) == [.rateLimited, .serverError, .timeout, .connection, .blocked, .invalidPayload])
        #expect(OutcomeClass.notFound.isTransient == false && OutcomeClass.tls.isTransient == false)
        #expect(OutcomeClass.allCases.filter(\.isThrottle) == [.rateLimited, .blocked, .invalidPayload])
    }
}

@Suite struct ConfigurationTests {
    @Test func layersApplyInOrderAndNameTheirSource() throws {
        let dir = NSTemporaryDirectory() + "cfg-" + UUID().uuidString
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
