import Testing
@testable import TikiIngest

@Suite struct FetchDispatcherTests {
    @Test func firstAttemptsFailingAlikeStopTheRun() {
        var watch = FetchDispatcher.FirstAttemptsWatch(needed: 3)
        let refused = AttemptFailure(.connection, message: "connection refused")
        #expect(watch.observe(refused) == nil)
        #expect(watch.observe(refused) == nil)
        #expect(watch.observe(refused)?.contains("connection refused") == true)
        var mixed = FetchDispatcher.FirstAttemptsWatch(needed: 3)
        _ = mixed.observe(refused)
        _ = mixed.observe(nil)
        #expect(mixed.observe(refused) == nil && mixed.observe(refused) == nil, "one success disarms it")
    }
}
