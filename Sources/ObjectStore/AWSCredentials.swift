/// An access key pair and optional session token. Its description never shows the secret or the token.
package struct AWSCredentials: Sendable, Equatable, CustomStringConvertible {
    package var accessKeyID: String
    package var secretAccessKey: String
    package var sessionToken: String?
    /// Where they were found, for messages: `environment`, `profile default in ~/.aws/credentials`.
    package var source: String

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, source: String = "given") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.source = source
    }

    package var description: String {
        "access key \(accessKeyID) from \(source)\(sessionToken == nil ? "" : " (with a session token)")"
    }
}
