import ArgumentParser
import Foundation
import MockTikiAPI

/// The firewall settings that `mock-api` and `ingest --mock` share.
enum ThrottleOptions {
    static func settings(
        allowRps: Double, burst: Int, response: ThrottleResponse, retryAfter: Int?, banAfter: Double, banDuration: Double
    ) throws -> MockThrottle.Settings {
        let settings = MockThrottle.Settings(
            allowedPerSecond: allowRps, burst: burst, response: response, retryAfterSeconds: retryAfter, banAfter: banAfter,
            banDuration: banDuration)
        do { try settings.validate() } catch { throw ValidationError(error.description) }
        return settings
    }
}
