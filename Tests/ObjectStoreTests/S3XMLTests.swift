import Testing
@testable import ObjectStore

@Suite struct S3XMLTests {
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
