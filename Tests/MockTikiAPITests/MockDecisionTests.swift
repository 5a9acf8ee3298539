import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TikiJSON
@testable import MockTikiAPI

@Suite struct MockDecisionTests {
    @Test func removedIDsStayRemovedAndTransientFaultsDependOnTheAttempt() {
        let faults = FaultProfile(notFoundRate: 0.1, rateLimitRate: 0.3)
        var removed = 0
        var recovered = 0
        for id in Int64(1)...Int64(2000) {
            let first = MockDecision.decide(id: id, attempt: 1, seed: 9, faults: faults)
            if first == .notFound {
                removed += 1
                #expect((2...5).allSatisfy { MockDecision.decide(id: id, attempt: $0, seed: 9, faults: faults) == .notFound })
            } else if case .rateLimited = first, (2...6).contains(where: { MockDecision.decide(id: id, attempt: $0, seed: 9, faults: faults) == .document }) {
                recovered += 1
            }
            #expect(first == MockDecision.decide(id: id, attempt: 1, seed: 9, faults: faults))
        }
        #expect((150...250).contains(removed))
        #expect(recovered > 300)
    }

    @Test func ratesMatchTheProfile() {
        let n = 20_000
        var counts: [String: Int] = [:]
        for id in 1...n {
            let d = MockDecision.decide(id: Int64(id), attempt: 1, seed: 1, faults: .heavy)
            let key: String = switch d {
            case .document: "doc"
            case .notFound: "404"
            case .rateLimited: "429"
            case .serverError: "5xx"
            case .captcha: "captcha"
            case .softBlock: "soft"
            case .timeout: "timeout"
            }
            counts[key, default: 0] += 1
        }
        func share(_ k: String) -> Double { Double(counts[k] ?? 0) / Double(n) }
        #expect(abs(share("404") - 0.05) < 0.01)
        #expect(abs(share("429") - 0.08 * 0.95) < 0.01)
        #expect(abs(share("timeout") - 0.01 * 0.95) < 0.005)
    }

    @Test func profilesAreFoundByName() {
        #expect(FaultProfile.Name(rawValue: "none")?.profile == FaultProfile.noFaults)
        #expect(FaultProfile.Name(rawValue: "realistic")?.profile.rateLimitRate == 0.01)
        #expect(FaultProfile.Name(rawValue: "heavy")?.profile.timeoutRate == 0.01)
        #expect(FaultProfile.Name(rawValue: "wild") == nil)
    }

    @Test func invalidRatesAreRejected() {
        #expect(throws: MockConfigurationError.self) { try FaultProfile(rateLimitRate: 1.5).validate() }
        #expect(throws: MockConfigurationError.self) { try FaultProfile(rateLimitRate: 0.6, serverErrorRate: 0.6).validate() }
    }
}
