import Testing
@testable import ObjectStore

/// S3 URLs, endpoints and the XML of S3's answers.
struct S3ParsingTests {
    @Test func objectAndPrefixURLs() throws {
        let object = try S3Location(parsingObject: "s3://my-bucket/data/products.parquet")
        #expect(object.bucket == "my-bucket")
        #expect(object.key == "data/products.parquet")
        #expect(try S3Location(parsingPrefix: "s3://my-bucket/runs/1").key == "runs/1/")
        #expect(try S3Location(parsingPrefix: "s3://my-bucket/runs/1/").key == "runs/1/")
        #expect(try S3Location(parsingPrefix: "s3://my-bucket").key == "")
        #expect(try S3Location(parsingPrefix: "s3://my-bucket/").appending("a/b.json").description == "s3://my-bucket/a/b.json")
    }

    @Test(arguments: [
        "s3://", "s3:///key", "s3://ab/key", "s3://Upper/key", "s3://under_score/k", "s3://-dash/k", "s3://dot./k",
        "http://bucket/key", "/local/path", "s3://bucket/\u{7}bell",
    ])
    func invalidURLs(_ url: String) {
        #expect(throws: S3Location.ParseError.self) { try S3Location(parsing: url) }
    }

    @Test func objectURLNeedsAKey() {
        #expect(throws: S3Location.ParseError.self) { try S3Location(parsingObject: "s3://bucket") }
        #expect(throws: S3Location.ParseError.self) { try S3Location(parsingObject: "s3://bucket/folder/") }
        #expect(throws: S3Location.ParseError.self) { try S3Location(parsing: "s3://bucket/" + String(repeating: "k", count: 1025)) }
    }

    @Test func endpoints() throws {
        let moto = try S3Endpoint(url: "http://127.0.0.1:5000")
        #expect(moto.pathStyle)
        #expect(moto.hostHeader(bucket: "b") == "127.0.0.1:5000")
        #expect(moto.rawPath(bucket: "b", key: "x/y") == "/b/x/y")
        let aws = S3Endpoint.aws(region: "eu-west-1")
        #expect(aws.hostHeader(bucket: "b") == "b.s3.eu-west-1.amazonaws.com")
        #expect(aws.rawPath(bucket: "b", key: "x/y") == "/x/y")
        #expect(try S3Endpoint(url: "https://minio.local:443").hostHeader(bucket: "b") == "minio.local")
        #expect(throws: S3Endpoint.InvalidEndpoint.self) { try S3Endpoint(url: "ftp://x") }
        #expect(throws: S3Endpoint.InvalidEndpoint.self) { try S3Endpoint(url: "http://x/path") }
        #expect(throws: S3Endpoint.InvalidEndpoint.self) { try S3Endpoint(url: "not a url") }
    }

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

    @Test func xmlValuesAndBlocks() {
        let list = """
            <ListBucketResult><KeyCount>2</KeyCount><Contents><Key>a&lt;1&gt;.json</Key><Size>10</Size></Contents>\
            <Contents><Key>b&#x41;&#66;</Key><Size>20</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>
            """
        let blocks = S3XML.blocks(of: "Contents", in: list)
        #expect(blocks.count == 2)
        #expect(S3XML.values(of: "Key", in: blocks[0]) == ["a<1>.json"])
        #expect(S3XML.values(of: "Key", in: blocks[1]) == ["bAB"])
        #expect(S3XML.value(of: "Key", in: "<KeyCount>3</KeyCount>") == nil)
        #expect(S3XML.value(of: "UploadId", in: "<UploadId attr=\"1\">abc</UploadId>") == "abc")
        #expect(S3XML.value(of: "Code", in: "<Code>unterminated") == nil)
        #expect(S3XML.value(of: "Code", in: "<Code>&bogus; &#xFFFFFFFF; &</Code>") == "&bogus; &#xFFFFFFFF; &")
        #expect(S3XML.escape("\"etag\"&<>") == "&quot;etag&quot;&amp;&lt;&gt;")
    }
}
