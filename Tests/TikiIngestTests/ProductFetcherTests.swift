import NIOHTTPCompression
import NIOSSL
import Testing
@testable import TikiIngest

/// How `ProductFetcher.classify` files transport errors, with the library's own error values.
@Suite struct ProductFetcherTests {
    @Test func aTLSFailureIsItsOwnPermanentClass() {
        let failure = ProductFetcher.classify(NIOSSLError.unableToValidateCertificate)
        #expect(failure.outcome == .tls)
        #expect(!failure.outcome.isTransient, "a bad certificate is the same on every retry")
    }

    @Test func aDecompressionBombIsTooLargeNotAConnectionError() {
        #expect(ProductFetcher.classify(NIOHTTPDecompression.DecompressionError.limit).outcome == .tooLarge)
        #expect(ProductFetcher.classify(NIOHTTPDecompression.DecompressionError.inflationError(-3)).outcome == .connection)
    }
}
