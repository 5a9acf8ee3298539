import Foundation
import Testing
import TikiJSON
@testable import TikiSchema

/// The repository's root, for the shipped schema files.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct SchemaFileTests {
    @Test func shippedDefaultSchemaMatchesTheBuiltInOne() throws {
        let schema = try Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product.json")
        #expect(schema == Schema.tikiProduct)
        #expect(schema.fieldNames == ["id", "name", "url_key", "price", "description", "images"])
    }

    @Test func extendedSchemaLoadsWithStructsListsAndTimestamp() throws {
        let schema = try Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product-extended.json")
        let byName = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0) })
        #expect(byName["rating_average"]?.type == .double)
        #expect(byName["fetched_at"]?.type == .timestamp)
        #expect(byName["description_images"]?.transform == .htmlImageURLs)
        guard case .struct(let brand) = byName["brand"]?.type else { Issue.record("brand is not a struct"); return }
        #expect(brand.map(\.name) == ["id", "name", "slug"])
        guard case .list(.struct(let spec)) = byName["specifications"]?.type else { Issue.record("specifications"); return }
        #expect(spec.map(\.name) == ["name", "attributes"])
    }

    @Test func encodedSchemaDecodesToTheSameSchema() throws {
        let schema = try Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product-extended.json")
        #expect(try Schema.decode(schema.encoded(), file: "x") == schema)
    }

    @Test(arguments: [
        (#"{"fields":[{"name":"a","type":"decimal"}]}"#, "a", "unknown type"),
        (#"{"fields":[{"name":"a"}]}"#, "a", "missing \"type\""),
        (#"{"fields":[{"name":"a","type":"int64"},{"name":"a","type":"string"}]}"#, "a", "declared twice"),
        (#"{"fields":[{"name":"d","type":"int64","transform":"html_text"}]}"#, "d", "html_text"),
        (#"{"fields":[{"name":"i","type":"string","source":"images[].x"}]}"#, "i", "must be a list"),
        (#"{"fields":[{"name":"s","type":"struct","fields":[{"name":"x","type":"nope"}]}]}"#, "s.x", "unknown type"),
        (#"{"fields":[{"name":"n","type":"string","nullable":"yes"}]}"#, "n", "nullable"),
        (#"{"fields":[{"name":"t","type":"string","transform":"markdown"}]}"#, "t", "unknown transform"),
    ])
    func invalidSchemaNamesFileAndField(json: String, field: String, fragment: String) throws {
        let document = try JSONParser.parse(json)
        do {
            _ = try Schema.decode(document, file: "bad.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "bad.json")
            #expect(error.field == field)
            #expect(error.description.contains(fragment))
        }
    }

    @Test func sourcePathsParse() {
        #expect(SourcePath(parsing: "images[].base_url")?.steps == [.member("images"), .each, .member("base_url")])
        #expect(SourcePath(parsing: "brand.name")?.steps == [.member("brand"), .member("name")])
        #expect(SourcePath(parsing: "$fetched_at")?.steps == [.variable("fetched_at")])
        #expect(SourcePath(parsing: "a..b") == nil)
        #expect(SourcePath(parsing: "a[0]") == nil)
    }
}
