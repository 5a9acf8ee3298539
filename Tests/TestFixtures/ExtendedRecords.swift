import TikiJSON

/// Records shaped like the extended schema's, with every kind of null and empty value.
package func extendedRecords(_ count: Int) -> [JSONValue] {
    (0..<count).map(extendedRecord)
}

package func extendedRecord(_ i: Int) -> JSONValue {
    var r = JSONObject()
    r["id"] = .int(Int64(1000 + i))
    r["name"] = .string("Sản phẩm \(i)\t\\")
    r["url_key"] = i % 5 == 0 ? .null : .string("san-pham-p\(1000 + i)")
    r["price"] = .int(Int64(i * 1000))
    r["list_price"] = .null
    r["original_price"] = .int(Int64(i * 1100))
    r["discount_rate"] = .int(Int64(i % 50))
    r["rating_average"] = i % 3 == 0 ? .int(5) : .double(4.5)
    r["review_count"] = .int(Int64(i))
    r["quantity_sold"] = i % 4 == 0 ? .null : .int(Int64(i * 7))
    r["inventory_status"] = .string(["available", "out_of_stock"][i % 2])
    let brandName: JSONValue = i % 7 == 0 ? .null : .string("Brand \"\(i % 10)\"")
    r["brand"] = i % 6 == 0 ? .null : .object(JSONObject(["id": .int(Int64(i % 10)), "name": brandName, "slug": "b"]))
    r["category"] = .object(JSONObject(["id": 49610, "name": "Túi tote", "is_leaf": .bool(i % 2 == 0)]))
    r["seller_name"] = "Shop"
    r["seller_product_id"] = .int(Int64(i + 1))
    r["breadcrumbs"] = i % 3 == 0 ? .array([]) : .array(["A", "B\n", .null])
    let attribute: JSONValue = .object(JSONObject(["code": "origin", "name": "Xuất xứ", "value": .null]))
    let spec: JSONValue = .object(JSONObject(["name": "Content", "attributes": .array(i % 2 == 0 ? [] : [attribute])]))
    r["specifications"] = i % 4 == 0 ? .null : .array([spec])
    r["description"] = .string(i % 9 == 0 ? "" : "Mô tả \(i)\n• Bền\r\n")
    r["description_images"] = i % 2 == 0 ? .array([]) : .array([.string("https://x/\(i).jpg"), .null])
    r["images"] = i % 10 == 0 ? .null : .array([.string("https://img/\(i).jpg")])
    r["fetched_at"] = .string("2026-11-27T01:00:0\(i % 10).000000Z")
    return .object(r)
}
