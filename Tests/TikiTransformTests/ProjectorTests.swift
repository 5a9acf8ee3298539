import Foundation
import Testing
import TikiJSON
import TikiSchema
@testable import TikiTransform

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A raw document with the shape of the real API's, small enough to read.
let rawDocument: JSONValue = [
    "id": 177732641, "master_id": 177732641, "name": "Túi Canvas YODY", "url_key": "tui-canvas-yody-p177732641",
    "price": 249000, "list_price": 299000, "original_price": 299000, "discount_rate": 17, "rating_average": 5,
    "review_count": 12, "quantity_sold": ["text": "Đã bán 63", "value": 63], "inventory_status": "available",
    "description": "<p>Mô tả&nbsp;sản phẩm</p><p><img src=\"https://salt.tikicdn.com/x.jpg\"></p><ul><li>Bền</li></ul>",
    "images": [["base_url": "https://salt.tikicdn.com/1.jpg", "large_url": "l"], ["base_url": "https://salt.tikicdn.com/2.jpg"]],
    "brand": ["id": 192479, "name": "YODY", "slug": "yody"],
    "categories": ["id": 49610, "name": "Túi tote", "is_leaf": true],
    "current_seller": ["name": "YODY Official Store", "product_id": "177732642"],
    "breadcrumbs": [["name": "Túi thời trang nữ", "url": "/a"], ["name": "Túi tote", "url": "/b"]],
    "specifications": [["name": "Content", "attributes": [["code": "origin", "name": "Xuất xứ", "value": "Việt Nam"]]]],
    "stock_item": ["qty": 1000],
]

@Suite struct ProjectorTests {
    @Test func defaultSchemaGivesExactlyTheJobRecord() throws {
        let record = try Projector(schema: .tikiProduct).project(rawDocument)
        #expect(record.objectValue?.keys == ["id", "name", "url_key", "price", "description", "images"])
        #expect(record["id"] == .int(177732641))
        #expect(record["description"] == .string("Mô tả sản phẩm\n• Bền"))
        #expect(record["images"] == ["https://salt.tikicdn.com/1.jpg", "https://salt.tikicdn.com/2.jpg"])
    }

    @Test func extendedSchemaProjectsStructsListsTransformsAndVariables() throws {
        let schema = try Schema.load(contentsOf: "\(repositoryRoot)/schemas/tiki-product-extended.json")
        let record = try Projector(schema: schema).project(rawDocument, variables: ["fetched_at": "2026-11-27T01:00:00Z"])
        #expect(record.objectValue?.keys == schema.fieldNames)
        #expect(record["rating_average"] == .double(5))
        #expect(record["quantity_sold"] == .int(63))
        #expect(record["seller_product_id"] == .int(177732642), "a numeric string converts to int64")
        #expect(record["brand"] == ["id": 192479, "name": "YODY", "slug": "yody"])
        #expect(record["category"]?["is_leaf"] == .bool(true))
        #expect(record["breadcrumbs"] == ["Túi thời trang nữ", "Túi tote"])
        #expect(record["specifications"]?.arrayValue?.first?["attributes"]?.arrayValue?.first?["value"] == "Việt Nam")
        #expect(record["description_images"] == ["https://salt.tikicdn.com/x.jpg"])
        #expect(record["fetched_at"] == .string("2026-11-27T01:00:00.000000Z"))
        #expect(schema.violations(of: record, file: "r", record: 1).isEmpty)
    }

    @Test func missingOptionalValuesBecomeNull() throws {
        let record = try Projector(schema: .tikiProduct).project(["id": 1, "name": "x"])
        #expect(record["price"] == .null)
        #expect(record["images"] == .null)
        #expect(record.objectValue?.count == 6)
    }

    @Test func requiredFieldMissingNamesTheField() {
        #expect(throws: FieldMismatch(field: "name", message: FieldProblem.missing)) {
            try Projector(schema: .tikiProduct).project(["id": 1])
        }
        #expect(throws: FieldMismatch(field: "name", message: FieldProblem.null)) {
            try Projector(schema: .tikiProduct).project(["id": 1, "name": nil])
        }
    }

    @Test func wrongTypeNamesTheField() {
        do {
            _ = try Projector(schema: .tikiProduct).project(["id": 1, "name": "x", "price": ["a": 1]])
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "price")
        }
    }
}
