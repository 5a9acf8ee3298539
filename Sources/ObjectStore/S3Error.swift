/// A failed S3 request, naming the operation, the bucket and key, and what S3 answered. Never holds a secret:
/// only the status, S3's error code and message, and the request ID are kept from the answer.
package struct S3Error: Error, Sendable, CustomStringConvertible {
    package var operation: String
    package var bucket: String
    package var key: String
    /// The HTTP status, nil when no answer came (connection refused, reset, timed out).
    package var status: Int?
    /// S3's error code (`AccessDenied`, `NoSuchBucket`, `SlowDown`), when it sent one.
    package var code: String?
    package var message: String
    package var requestID: String?
    package var attempts: Int

    package init(
        operation: String, bucket: String, key: String, status: Int?, code: String?, message: String,
        requestID: String? = nil, attempts: Int = 1
    ) {
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.attempts = attempts
    }

    /// Builds the error from an answer's status and XML body (`<Error><Code>…</Code><Message>…</Message>`).
    package init(operation: String, bucket: String, key: String, status: Int, body: String, attempts: Int = 1) {
        let code = S3XML.value(of: "Code", in: body)
        let message = S3XML.value(of: "Message", in: body)
        self.init(
            operation: operation, bucket: bucket, key: key, status: status, code: code,
            message: message ?? (body.isEmpty ? "S3 sent no error document" : String(body.prefix(200))),
            requestID: S3XML.value(of: "RequestId", in: body), attempts: attempts)
    }

    /// Worth another attempt: server errors, throttling, timeouts and lost connections.
    package var isRetryable: Bool {
        guard let status else { return true }
        if status >= 500 || status == 429 { return true }
        return ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "RequestTimeTooSkewed"]
            .contains(code ?? "")
    }

    /// What the answer means, in words.
    package var meaning: String? {
        switch code {
        case "AccessDenied": "access denied: the credentials lack permission for this bucket or key"
        case "InvalidAccessKeyId": "the access key ID is not known to this endpoint"
        case "SignatureDoesNotMatch": "the secret access key does not match the access key ID (or the request was altered)"
        case "ExpiredToken", "InvalidToken": "the session token is expired or invalid"
        case "NoSuchBucket": "the bucket does not exist"
        case "NoSuchUpload": "the multipart upload no longer exists (aborted or expired)"
        case "SlowDown": "S3 asked to slow down"
        case "EntityTooSmall": "a part was smaller than S3's 5 MiB minimum"
        default: status == 403 ? "access denied" : status == 404 ? "not found" : nil
        }
    }

    package var description: String { "s3://\(bucket)/\(key): \(detail)" }

    /// The description without the location, for messages that name it already.
    package var detail: String {
        var text = "\(operation) failed: "
        if let status {
            text += "HTTP \(status)"
            if let code { text += " \(code)" }
            if let meaning { text += " (\(meaning))" }
            text += ": \(message)"
        } else {
            text += message
        }
        if attempts > 1 { text += " (after \(attempts) attempts)" }
        if let requestID { text += " [request \(requestID)]" }
        return text
    }
}
