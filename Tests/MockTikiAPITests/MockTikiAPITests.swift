import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import TikiJSON
@testable import MockTikiAPI

@Suite struct DocumentFactoryTests {
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

@Suite struct FaultDecisionTests {
    @Test func removedIDsStayRemovedAndTransientFaultsDependOnTheAttempt() {
        let faults = FaultProfile(notFoundRate: 0.1, rateLimitRate: 0.3)
        var removed = 0
        var recovered = 0
        for id in Int64(1)...Int64(2000) {
            let first = MockDecision.decide(id: id, attempt: 1, seed: 9, faults: faults)
            if first == .notFound {
                removed += 1
                #expect((2...5).allSatisfy { MockDecision.decide(id: id, attempt: $0, seed: 9, faults: faults) == .notFound })
            } else if case .rateLimited = first, (2...6).contains(where: { MockDecision.decide(id: id, attempt: $0, seed: 9, faults: faults) == .document }) {
                recovered += 1
            }
            #expect(first == MockDecision.decide(id: id, attempt: 1, seed: 9, faults: faults))
        }
        #expect((150...250).contains(removed))
        #expect(recovered > 300)
    }

    @Test func ratesMatchTheProfile() {
        let n = 20_000
        var counts: [String: Int] = [:]
        for id in 1...n {
            let d = MockDecision.decide(id: Int64(id), attempt: 1, seed: 1, faults: .heavy)
            let key: String = switch d {
            case .document: "doc"
            case .notFound: "404"
            case .rateLimited: "429"
            case .serverError: "5xx"
            case .captcha: "captcha"
            case .softBlock: "soft"
            case .timeout: "timeout"
            }
            counts[key, default: 0] += 1
        }
        func share(_ k: String) -> Double { Double(counts[k] ?? 0) / Double(n) }
        #expect(abs(share("404") - 0.05) < 0.01)
        #expect(abs(share("429") - 0.08 * 0.95) < 0.01)
        #expect(abs(share("timeout") - 0.01 * 0.95) < 0.005)
    }

    @Test func profilesAreFoundByName() {
        #expect(FaultProfile.named("none") == FaultProfile.noFaults)
        #expect(FaultProfile.named("realistic")?.rateLimitRate == 0.01)
        #expect(FaultProfile.named("heavy")?.timeoutRate == 0.01)
        #expect(FaultProfile.named("wild") == nil)
    }

    @Test func invalidRatesAreRejected() {
        #expect(throws: MockConfigurationError.self) { try FaultProfile(rateLimitRate: 1.5).validate() }
        #expect(throws: MockConfigurationError.self) { try FaultProfile(rateLimitRate: 0.6, serverErrorRate: 0.6).validate() }
    }
}

@Suite struct MockServerHTTPTests {
    @Test func servesDocumentsFaultsAndRetryAfterOverHTTP() async throws {
        var configuration = MockServerConfiguration()
        configuration.faults = FaultProfile(notFoundRate: 0.2, rateLimitRate: 0.3, captchaRate: 0.1)
        configuration.seed = 4
        try await MockTikiServer.withRunningServer(configuration) { server, url in
            try await HTTPClient.withHTTPClient { client in
                var statuses: [UInt: Int] = [:]
                var retryAfterForms = Set<String>()
                var sawCaptcha = false
                for id in 1...150 {
                    let response = try await client.execute(HTTPClientRequest(url: "\(url)/\(id)"), timeout: .seconds(30))
                    let body = try await response.body.collect(upTo: 1 << 20)
                    statuses[response.status.code, default: 0] += 1
                    switch response.status.code {
                    case 200 where response.headers.first(name: "content-type")?.contains("html") == true:
                        sawCaptcha = String(buffer: body).contains("captcha")
                    case 200:
                        let doc = try JSONParser.parse(Array(body.readableBytesView))
                        #expect(doc["id"] == .int(Int64(id)))
                    case 404:
                        #expect(MockDecision.decide(id: Int64(id), attempt: 1, seed: 4, faults: server.configuration.faults) == .notFound)
                    case 429:
                        let header = response.headers.first(name: "retry-after")
                        retryAfterForms.insert(header == nil ? "absent" : Int(header!) != nil ? "seconds" : "date")
                    default:
                        Issue.record("unexpected status \(response.status.code)")
                    }
                }
                #expect(statuses[200, default: 0] > 50 && statuses[404, default: 0] > 10 && statuses[429, default: 0] > 10)
                #expect(retryAfterForms == ["absent", "seconds", "date"])
                #expect(sawCaptcha)
                #expect(server.counts.requests == 150)
                let bad = try await client.execute(HTTPClientRequest(url: "\(url)/abc"), timeout: .seconds(30))
                #expect(bad.status.code == 400)
            }
        }
    }
}
