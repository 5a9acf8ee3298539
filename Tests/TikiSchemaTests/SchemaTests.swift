import Testing
import TikiSchema

@Suite struct SchemaTests {
    @Test func ingestNeedsAnIntegerIDField() {
        #expect(Schema.tikiProduct.keyProblem == nil)
        let noID = Schema(name: "s", fields: [Field(name: "name", type: .string)])
        #expect(noID.keyProblem?.contains("no field named id") == true)
        let textID = Schema(name: "s", fields: [Field(name: "id", type: .string)])
        #expect(textID.keyProblem?.contains("must be int64") == true)
    }
}
