import Testing
@testable import ObjectStore

@Suite struct AWSCredentialsTests {
    @Test func descriptionHidesSecretAndToken() {
        let c = AWSCredentials(accessKeyID: "AKIDX", secretAccessKey: "TOPSECRET", sessionToken: "TOKENVALUE", source: "test")
        #expect(!c.description.contains("TOPSECRET"))
        #expect(!c.description.contains("TOKENVALUE"))
        #expect(c.description.contains("AKIDX"))
    }
}
