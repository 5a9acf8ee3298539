import Foundation
import MockTikiAPI
import NIOCore
import Testing
import TikiJSON
import TikiSchema
import TikiTransform
@testable import TikiIngest

@Suite struct SelectiveDecodingTests {
    /// Skipping unread members must not change a single record, for either schema.
    @Test func selectedDecodingProjectsLikeFullDecoding() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let factory = ProductDocumentFactory(seed: 2)
        for schema in [Schema.tikiProduct, try Schema.load(contentsOf: "\(root)/schemas/tiki-product-extended.json")] {
            let projector = Projector(schema: schema)
            let selection = projector.selection(adding: [["id"], ["name"], ["price"]]).compiled()
            for id in Int64(500)..<Int64(700) {
                let body = Array(factory.document(id: id).readableBytesView)
                let outcome = ResponseClassifier.classify(
                    status: 200, contentType: "application/json", retryAfter: nil, body: body, requestedID: id, selection: selection)
                guard case .success(let selected) = outcome else {
                    Issue.record("document \(id) was not accepted")
                    continue
                }
                let variables: [String: JSONValue] = ["fetched_at": "2026-11-27T00:00:00Z"]
                #expect(try projector.project(selected, variables: variables) == projector.project(JSONParser.parse(body), variables: variables))
            }
        }
    }
}
