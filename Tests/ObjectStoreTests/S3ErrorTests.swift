import Testing
@testable import ObjectStore

@Suite struct S3ErrorTests {
    @Test func errorDocumentsNameBucketKeyAndMeaning() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>AccessDenied</Code><Message>Access Denied &amp; more</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>
            """
        let error = S3Error(operation: "upload part 3", bucket: "b", key: "k.parquet", status: 403, body: body)
        #expect(error.code == "AccessDenied")
        #expect(error.message == "Access Denied & more")
        #expect(!error.isRetryable)
        #expect(error.description.contains("s3://b/k.parquet"))
        #expect(error.description.contains("HTTP 403 AccessDenied"))
        #expect(error.description.contains("4442587FB7D0A2F9"))

        let slow = S3Error(operation: "PUT object", bucket: "b", key: "k", status: 503, body: "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>", attempts: 5)
        #expect(slow.isRetryable)
        #expect(slow.description.contains("slow down"))
        #expect(slow.description.contains("after 5 attempts"))

        let bucket = S3Error(operation: "PUT object", bucket: "nope", key: "k", status: 404, body: "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>nope</BucketName></Error>")
        #expect(bucket.description.contains("the bucket does not exist"))
        #expect(S3Error(operation: "x", bucket: "b", key: "k", status: 400, body: "<Error><Code>RequestTimeout</Code></Error>").isRetryable)
        #expect(S3Error(operation: "x", bucket: "b", key: "k", status: nil, code: nil, message: "the server closed the connection").isRetryable)
        // A signature mismatch keeps only code and message, never the string to sign S3 echoes back.
        let mismatch = S3Error(operation: "x", bucket: "b", key: "k", status: 403, body: "<Error><Code>SignatureDoesNotMatch</Code><Message>no match</Message><StringToSign>AWS4-HMAC-SHA256 secretish</StringToSign></Error>")
        #expect(!mismatch.description.contains("secretish"))
        #expect(mismatch.description.contains("secret access key does not match"))
    }
}
