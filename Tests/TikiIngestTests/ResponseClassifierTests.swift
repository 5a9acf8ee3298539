import Foundation
import MockTikiAPI
import SeededRandom
import Testing
@testable import TikiIngest

@Suite struct ResponseClassifierTests {
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
