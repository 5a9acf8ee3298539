import NIOHTTPCompression
import NIOSSL
import Testing
import TikiSchema
@testable import TikiIngest

/// What transport errors and schemas mean for a run, with the library's own error values.
@Suite struct TransportErrorTests {
    @Test func aTLSFailureIsItsOwnPermanentClass() {
        let failure = ProductFetcher.classify(NIOSSLError.unableToValidateCertificate)
        #expect(failure.outcome == .tls)
        #expect(!failure.outcome.isTransient, "a bad certificate is the same on every retry")
    }

    @Test func aDecompressionBombIsTooLargeNotAConnectionError() {
        #expect(ProductFetcher.classify(NIOHTTPDecompression.DecompressionError.limit).outcome == .tooLarge)
        #expect(ProductFetcher.classify(NIOHTTPDecompression.DecompressionError.inflationError(-3)).outcome == .connection)
    }

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

    @Test func ingestNeedsAnIntegerIDField() {
        #expect(Schema.tikiProduct.keyProblem == nil)
        let noID = Schema(name: "s", fields: [Field(name: "name", type: .string)])
        #expect(noID.keyProblem?.contains("no field named id") == true)
        let textID = Schema(name: "s", fields: [Field(name: "id", type: .string)])
        #expect(textID.keyProblem?.contains("must be int64") == true)
    }
}
