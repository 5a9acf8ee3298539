import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TikiJSON
@testable import MockTikiAPI

@Suite struct ProductDocumentFactoryTests {
    let factory = ProductDocumentFactory(seed: 0)

    func document(_ id: Int64) throws -> (JSONValue, Int) {
        let buffer = factory.document(id: id)
        let bytes = Array(buffer.readableBytesView)
        return (try JSONParser.parse(bytes), bytes.count)
    }

    @Test func documentsHaveTheRealShape() throws {
        let expectedKeys = [
            "id", "master_id", "sku", "name", "url_key", "url_path", "short_url", "type", "book_cover", "short_description",
            "price", "list_price", "original_price", "badges", "badges_new", "discount", "discount_rate", "rating_average",
            "review_count", "review_text", "favourite_count", "thumbnail_url", "has_ebook", "inventory_status",
            "inventory_type", "productset_group_name", "is_fresh", "seller", "is_flower", "has_buynow", "is_gift_card",
            "salable_type", "data_version", "day_ago_created", "all_time_quantity_sold", "meta_title", "meta_description",
            "meta_keywords", "is_baby_milk", "is_acoholic_drink", "description", "images", "warranty_policy", "brand",
            "current_seller", "other_sellers", "seller_specifications", "specifications", "product_links",
            "gift_item_title", "services_and_promotions", "promitions", "stock_item", "add_on_title", "add_on",
            "quantity_sold", "categories", "breadcrumbs", "installment_info_v2", "is_seller_in_chat_whitelist",
            "inventory", "warranty_info", "return_and_exchange_policy", "is_tier_pricing_available",
            "is_tier_pricing_eligible", "asa_cashback_widget", "benefits",
        ]
        var sizes: [Int] = []
        var imageCounts: [Int] = []
        for id in Int64(100_000)..<Int64(100_400) {
            let (doc, size) = try document(id)
            sizes.append(size)
            let keys = Set(doc.objectValue!.keys)
            #expect(keys.isSuperset(of: expectedKeys))
            #expect(doc["id"] == .int(id))
            #expect(doc["url_key"]?.stringValue?.hasSuffix("-p\(id)") == true)
            #expect(doc["current_seller"]?["product_id"]?.stringValue == String(id + 1))
            let description = doc["description"]!.stringValue!
            #expect(description.contains("Giá sản phẩm trên Tiki đã bao gồm thuế"))
            imageCounts.append(doc["images"]!.arrayValue!.count)
        }
        #expect(sizes.min()! >= 5_000 && sizes.max()! <= 70_000)
        #expect(imageCounts.min()! >= 1 && imageCounts.max()! <= 37)
        #expect(Set(imageCounts).count > 5, "image counts vary")
    }

    @Test func documentsAreDeterministicAndDifferByID() {
        #expect(factory.document(id: 5) == factory.document(id: 5))
        #expect(factory.document(id: 5) != factory.document(id: 6))
        #expect(ProductDocumentFactory(seed: 1).document(id: 5) != factory.document(id: 5))
    }

    @Test func descriptionsCarryTheNotedHTMLFeatures() throws {
        var all = ""
        for id in Int64(1)...Int64(200) { all += try document(id).0["description"]!.stringValue! }
        for feature in ["<p", "<br>", "<img src=", "<ul>", "<li>", "<strong>", "<h3>", "<a href", "<iframe", "style=", "&amp;", "&#43;", "&nbsp;", "\u{00A0}", "\u{200B}", "<html><head></head><body>"] {
            #expect(all.contains(feature), "missing \(feature)")
        }
    }
}
