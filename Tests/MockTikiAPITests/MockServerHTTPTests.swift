import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TikiJSON
@testable import MockTikiAPI

@Suite struct MockServerHTTPTests {
    @Test func servesDocumentsFaultsAndRetryAfterOverHTTP() async throws {
        var configuration = MockServerConfiguration()
        configuration.faults = FaultProfile(notFoundRate: 0.2, rateLimitRate: 0.3, captchaRate: 0.1)
        configuration.seed = 4
        try await MockTikiServer.withRunningServer(configuration) { server, url in
            try await HTTPClient.withHTTPClient { client in
                var statuses: [UInt: Int] = [:]
                var retryAfterForms = Set<String>()
                var sawCaptcha = false
                for id in 1...150 {
                    let response = try await client.execute(HTTPClientRequest(url: "\(url)/\(id)"), timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    statuses[response.status.code, default: 0] += 1
                    switch response.status.code {
                    case 200 where response.headers.first(name: "content-type")?.contains("html") == true:
                        sawCaptcha = String(buffer: body).contains("captcha")
                    case 200:
                        let doc = try JSONParser.parse(Array(body.readableBytesView))
                        #expect(doc["id"] == .int(Int64(id)))
                    case 404:
                        #expect(MockDecision.decide(id: Int64(id), attempt: 1, seed: 4, faults: server.configuration.faults) == .notFound)
                    case 429:
                        let header = response.headers.first(name: "retry-after")
                        retryAfterForms.insert(header == nil ? "absent" : Int(header!) != nil ? "seconds" : "date")
                    default:
                        Issue.record("unexpected status \(response.status.code)")
                    }
                }
                #expect(statuses[200, default: 0] > 50 && statuses[404, default: 0] > 10 && statuses[429, default: 0] > 10)
                #expect(retryAfterForms == ["absent", "seconds", "date"])
                #expect(sawCaptcha)
                #expect(server.counts.requests == 150)
                let bad = try await client.execute(HTTPClientRequest(url: "\(url)/abc"), timeout: .seconds(30))
                #expect(bad.status.code == 400)
            }
        }
    }

    /// A server started afresh for a retry goes on from the attempts an earlier run made: the IDs whose first
    /// attempt it refuses are served when told that attempt was made, and refused again when not.
    @Test func goesOnFromTheAttemptsMadeBefore() async throws {
        let faults = FaultProfile(rateLimitRate: 0.5)
        let seed: UInt64 = 9
        let refusedFirst = (1...200).map(Int64.init).filter {
            MockDecision.decide(id: $0, attempt: 1, seed: seed, faults: faults) != .document
                && MockDecision.decide(id: $0, attempt: 2, seed: seed, faults: faults) == .document
        }
        #expect(refusedFirst.count > 20)
        for attemptsBefore in [0, 1] {
            var configuration = MockServerConfiguration()
            configuration.faults = faults
            configuration.seed = seed
            configuration.attemptsBefore = Dictionary(uniqueKeysWithValues: refusedFirst.map { ($0, attemptsBefore) })
            try await MockTikiServer.withRunningServer(configuration) { server, url in
                try await HTTPClient.withHTTPClient { client in
                    for id in refusedFirst {
                        let response = try await client.execute(HTTPClientRequest(url: "\(url)/\(id)"), timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        #expect(response.status.code == (attemptsBefore == 0 ? 429 : 200), "ID \(id), \(attemptsBefore) attempt(s) before")
                        #expect(server.attemptCount(for: id) == attemptsBefore + 1)
                    }
                }
            }
        }
    }
}
