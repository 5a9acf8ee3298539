import Testing
@testable import ObjectStore

@Suite struct S3EndpointTests {
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
}
