import Testing
@testable import ObjectStore

@Suite struct S3LocationTests {
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
}
