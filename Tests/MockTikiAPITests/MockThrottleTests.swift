import MockTikiAPI
import Testing

@Suite struct MockThrottleTests {
    func settings(rate: Double, burst: Int, response: ThrottleResponse = .tooManyRequests, banAfter: Double = 0) -> MockThrottle.Settings {
        var s = MockThrottle.Settings()
        s.allowedPerSecond = rate
        s.burst = burst
        s.response = response
        s.banAfter = banAfter
        s.banDuration = 5
        return s
    }

    @Test func theBurstPassesThenTheRate() {
        let start = ContinuousClock.now
        let throttle = MockThrottle(settings: settings(rate: 10, burst: 5), now: start)
        let verdicts = (0..<8).map { _ in throttle.admit(now: start) }
        #expect(verdicts.prefix(5).allSatisfy { $0 == .pass })
        #expect(verdicts.suffix(3).allSatisfy { $0 == .refuse(.tooManyRequests) })
        // 10/s: one more token every 100 ms.
        #expect(throttle.admit(now: start + .milliseconds(105)) == .pass)
        #expect(throttle.admit(now: start + .milliseconds(110)) == .refuse(.tooManyRequests))
    }

    @Test func mixedAlternatesCaptchaAnd429() {
        let start = ContinuousClock.now
        let throttle = MockThrottle(settings: settings(rate: 1, burst: 1, response: .mixed), now: start)
        _ = throttle.admit(now: start)
        let refusals = (0..<4).map { _ in throttle.admit(now: start) }
        #expect(Set(refusals) == [.refuse(.captcha), .refuse(.tooManyRequests)])
    }

    @Test func aClientThatStaysOverTheLimitIsBanned() {
        let start = ContinuousClock.now
        let throttle = MockThrottle(settings: settings(rate: 10, burst: 1, banAfter: 2), now: start)
        // 100 requests a second for 3 s: over the limit all along.
        for ms in stride(from: 0, to: 3000, by: 10) { _ = throttle.admit(now: start + .milliseconds(ms)) }
        #expect(throttle.isBanned(now: start + .seconds(3)))
        // Banned: even a request after a quiet second is refused, until the ban (5 s) is over.
        #expect(throttle.admit(now: start + .seconds(4)) == .refuse(.tooManyRequests))
        #expect(throttle.admit(now: start + .seconds(9)) == .pass)
    }

    @Test func withoutAnAllowanceEverythingPasses() {
        let throttle = MockThrottle(settings: MockThrottle.Settings())
        #expect((0..<1000).allSatisfy { _ in throttle.admit() == .pass })
    }
}
