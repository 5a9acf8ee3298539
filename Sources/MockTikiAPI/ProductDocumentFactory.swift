import Foundation
import NIOCore
import SeededRandom
import TikiJSON

/// Builds deterministic synthetic product documents shaped like the real API's, from precomputed parts.
///
/// Every constant block is JSON-escaped once; a request only picks parts with a generator seeded by the ID and
/// copies bytes, so the mock is never the bottleneck of a benchmark.
package struct ProductDocumentFactory: Sendable {
    private let seed: UInt64
    private let paragraphs: [[UInt8]]
    private let imageParagraph: (prefix: [UInt8], suffix: [UInt8])
    private let taxParagraph: [UInt8]
    private let kinds: [(text: String, slug: String)]
    private let modifiers: [(text: String, slug: String)]
    private let brandSlugs: [String]
    private let sellerSlugs: [String]
    private let categorySlugs: [(name: String, parent: String)]
    private let trailer: [UInt8]
    private let sellerBlocks: [UInt8]

    package init(seed: UInt64 = 0) {
        self.seed = seed
        var plain: [[UInt8]] = []
        var image: ([UInt8], [UInt8]) = ([], [])
        for p in Vocabulary.paragraphs {
            if let range = p.range(of: "{H1}/{H2}/{H3}/{HASH}") {
                image = (Self.escaped(String(p[..<range.lowerBound])), Self.escaped(String(p[range.upperBound...])))
            } else {
                // Real descriptions are pasted from editors: most of their bytes are inline styles, not text.
                plain.append(Self.escaped(Vocabulary.styledBlockOpen + p + Vocabulary.styledBlockClose + "\n"))
            }
        }
        paragraphs = plain
        imageParagraph = image
        taxParagraph = Self.escaped(Vocabulary.taxParagraph)
        kinds = Vocabulary.productKinds.map { ($0, Vocabulary.slug($0)) }
        modifiers = Vocabulary.modifiers.map { ($0, Vocabulary.slug($0)) }
        // Slugs fold diacritics through Foundation, far too slow to do per request.
        brandSlugs = Vocabulary.brands.map { Vocabulary.slug($0.name) }
        sellerSlugs = Vocabulary.sellers.map(Vocabulary.slug)
        categorySlugs = Vocabulary.categories.map { (Vocabulary.slug($0.name), Vocabulary.slug($0.parent.1)) }
        sellerBlocks = Array(Self.sellerSpecifications.utf8)
        trailer = Array(Self.trailerJSON.utf8)
    }

    /// The document of product `id`, as UTF-8 JSON.
    package func document(id: Int64) -> ByteBuffer {
        var rng = SplitMix64(seed: seed ^ UInt64(bitPattern: id) &* 0x2545_F491_4F6C_DD1D)
        var out = ByteBuffer()
        out.reserveCapacity(32 * 1024)

        let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
        let modifier = modifiers[Int(rng.next() % UInt64(modifiers.count))]
        let brandIndex = Int(rng.next() % UInt64(Vocabulary.brands.count))
        let brand = Vocabulary.brands[brandIndex]
        let hasBrand = rng.next() % 100 >= 3
        let model = "Z\(String(rng.next() % 9000 + 1000))"
        let name = "\(kind.text) \(modifier.text) \(brand.name) \(model)"
        let slug = "\(kind.slug)-\(modifier.slug)-\(brandSlugs[brandIndex])-\(model.lowercased())-p\(id)"
        let spid = id + 1
        let sku = String(rng.next() % 9_000_000_000_000 + 1_000_000_000_000)
        let listPrice = Int(rng.next() % 2000 + 10) * 1000
        let discountRate = rng.next() % 3 == 0 ? Int(rng.next() % 50) : 0
        let price = listPrice - listPrice * discountRate / 100 / 1000 * 1000
        let reviewCount = rng.next() % 4 == 0 ? 0 : Int(pow(Double(rng.next() % 1000) / 1000, 3) * 5000) + 1
        let ratingTenths = reviewCount == 0 ? 0 : Int(rng.next() % 21) + 30
        let sold = rng.next() % 5 == 0 ? 0 : Int(pow(Double(rng.next() % 1000) / 1000, 3) * 100_000) + 1
        let categoryIndex = Int(rng.next() % UInt64(Vocabulary.categories.count))
        let category = Vocabulary.categories[categoryIndex]
        let sellerIndex = Int(rng.next() % UInt64(Vocabulary.sellers.count))
        let seller = Vocabulary.sellers[sellerIndex]
        let inventory = Vocabulary.inventoryStatuses[Int(rng.next() % UInt64(Vocabulary.inventoryStatuses.count))]
        let imageCount = 1 + Int(pow(Double(rng.next() % 1000) / 1000, 2.5) * 36)
        let descriptionTarget = 1_000 + Int(pow(Double(rng.next() % 1000) / 1000, 2) * 24_000)
        let images = (0..<imageCount).map { _ in ImageFile(hash: Self.hex(&rng), png: rng.next() % 4 == 0) }

        out.writeString(#"{"id":\#(id),"master_id":\#(id),"sku":"\#(sku)","name":"\#(name)","url_key":"\#(slug)","#)
        out.writeString(#""url_path":"\#(slug).html?spid=\#(spid)","short_url":"https://tiki.vn/product-p\#(id).html?spid=\#(spid)","#)
        out.writeString(#""type":"simple","book_cover":null,"short_description":"\#(name). Sản phẩm chính hãng, giao hàng nhanh toàn quốc...","#)
        out.writeString(#""price":\#(price),"list_price":\#(listPrice),"original_price":\#(listPrice),"#)
        out.writeString(#""badges":[{"code":"new_pdp","text":"v1"}],"badges_new":[],"discount":\#(listPrice - price),"discount_rate":\#(discountRate),"#)
        let rating = ratingTenths % 10 == 0 ? String(ratingTenths / 10) : "\(ratingTenths / 10).\(ratingTenths % 10)"
        out.writeString(#""rating_average":\#(rating),"review_count":\#(reviewCount),"review_text":"\#(reviewCount == 0 ? "Chưa có đánh giá" : "(\(reviewCount))")","favourite_count":0,"#)
        out.writeString(#""thumbnail_url":"https://salt.tikicdn.com/cache/280x280/ts/product/"#)
        out.writeBytes(images[0].path)
        out.writeString(#"","#)
        out.writeString(#""has_ebook":false,"inventory_status":"\#(inventory)","inventory_type":"backorder","productset_group_name":"","is_fresh":false,"seller":null,"is_flower":false,"has_buynow":true,"is_gift_card":false,"salable_type":null,"#)
        out.writeString(#""data_version":\#(rng.next() % 5000),"day_ago_created":\#(rng.next() % 1500),"all_time_quantity_sold":\#(sold),"#)
        out.writeString(#""meta_title":"","meta_description":"","meta_keywords":"","is_baby_milk":false,"is_acoholic_drink":false,"description":""#)
        writeDescription(into: &out, target: descriptionTarget, rng: &rng, wrapped: rng.next() % 10 == 0)
        out.writeString(#"","images":["#)
        for (i, image) in images.enumerated() {
            if i > 0 { out.writeString(",") }
            out.writeStaticString(#"{"base_url":"https://salt.tikicdn.com/ts/product/"#)
            out.writeBytes(image.path)
            out.writeStaticString(#"","is_gallery":true,"label":null,"large_url":"https://salt.tikicdn.com/cache/w1200/ts/product/"#)
            out.writeBytes(image.path)
            out.writeStaticString(#"","medium_url":"https://salt.tikicdn.com/cache/w300/ts/product/"#)
            out.writeBytes(image.path)
            out.writeStaticString(#"","position":null,"small_url":"https://salt.tikicdn.com/cache/200x280/ts/product/"#)
            out.writeBytes(image.path)
            out.writeStaticString(#"","thumbnail_url":"https://salt.tikicdn.com/cache/200x280/ts/product/"#)
            out.writeBytes(image.path)
            out.writeStaticString(#""}"#)
        }
        out.writeString(#"],"warranty_policy":null,"brand":"#)
        out.writeString(hasBrand ? #"{"id":\#(brand.id),"name":"\#(Self.escapedString(brand.name))","slug":"\#(brandSlugs[brandIndex])"}"# : "null")
        out.writeString(#","current_seller":{"id":\#(168_750 + brandIndex),"sku":"\#(sku)","name":"\#(seller)","link":"https://tiki.vn/cua-hang/\#(sellerSlugs[sellerIndex])","logo":"ec/fa/60/d7d7d8e2d9254e55b818341fa116c460.jpg","price":\#(price),"product_id":"\#(spid)","store_id":\#(155_786 + brandIndex),"is_best_store":false,"is_offline_installment_supported":null},"#)
        out.writeString(#""other_sellers":[],"#)
        out.writeBytes(sellerBlocks)
        out.writeString(#","specifications":[{"name":"Content","attributes":[{"code":"brand","name":"Thương hiệu","value":"\#(Self.escapedString(brand.name))"},{"code":"origin","name":"Xuất xứ","value":"Việt Nam"},{"code":"item_model_number","name":"Model","value":"\#(model)"}]},{"name":"Operation","attributes":[{"code":"is_warranty_applied","name":"Sản phẩm có được bảo hành không?","value":"Có"}]}],"#)
        out.writeString(#""product_links":[],"gift_item_title":"0 quà tặng kèm","#)
        if rng.next() % 10 < 4 {
            out.writeString(#""configurable_options":[{"code":"option1","name":"Màu","position":0,"show_preview_image":true,"values":[{"label":"Đen"},{"label":"Trắng"}]}],"configurable_products":[{"child_id":\#(spid + 1),"id":\#(id),"sku":"\#(sku)-1","name":"\#(name) - Đen","price":\#(price),"option1":"Đen","thumbnail_url":"https://salt.tikicdn.com/cache/280x280/ts/product/"#)
            out.writeBytes(images[0].path)
            out.writeString(#"","inventory_status":"available","selected":true}],"#)
        }
        out.writeString(#""services_and_promotions":[],"promitions":[],"stock_item":{"max_sale_qty":1000,"min_sale_qty":1,"preorder_date":null,"qty":\#(rng.next() % 1000)},"#)
        out.writeString(#""add_on_title":"Dịch Vụ Mua Kèm","add_on":[],"quantity_sold":"#)
        out.writeString(sold > 0 ? #"{"text":"Đã bán \#(sold)","value":\#(sold)}"# : "null")
        out.writeString(#","categories":{"id":\#(category.id),"name":"\#(category.name)","is_leaf":true},"breadcrumbs":[{"url":"/\#(categorySlugs[categoryIndex].parent)/c\#(category.parent.0)","name":"\#(category.parent.1)","category_id":\#(category.parent.0)},{"url":"/\#(categorySlugs[categoryIndex].name)/c\#(category.id)","name":"\#(category.name)","category_id":\#(category.id)},{"url":"https://tiki.vn/\#(slug).html","name":"\#(name)","category_id":0}],"#)
        out.writeString(#""installment_info_v2":{"title":"Trả góp 0%","summary":"Mua trước trả sau","redirect_url":"https://tiki.vn/mua-truoc-tra-sau/thanh-toan?src=pdp&masterId=\#(id)&pid=\#(spid)&qty=1","details":null},"#)
        if rng.next() % 10 < 3 {
            out.writeString(#""video_url":"https://youtu.be/"#)
            out.writeBytes(Self.hex(&rng).prefix(11))
            out.writeString(#"","#)
        }
        out.writeString(#""is_seller_in_chat_whitelist":true,"inventory":{"product_virtual_type":null,"fulfillment_type":"\#(rng.next() % 2 == 0 ? "dropship" : "tiki_delivery")"},"#)
        out.writeBytes(trailer)
        return out
    }

    private func writeDescription(into out: inout ByteBuffer, target: Int, rng: inout SplitMix64, wrapped: Bool) {
        if wrapped { out.writeString("<html><head></head><body>") }
        var written = 0
        var imageEvery = Int(rng.next() % 4) + 2
        while written < target {
            imageEvery -= 1
            if imageEvery == 0 {
                imageEvery = Int(rng.next() % 4) + 3
                out.writeBytes(imageParagraph.prefix)
                out.writeBytes(ImageFile(hash: Self.hex(&rng), png: nil).path)
                out.writeBytes(imageParagraph.suffix)
                out.writeString(#"\n"#)
                written += imageParagraph.prefix.count + imageParagraph.suffix.count + 50
            } else {
                let p = paragraphs[Int(rng.next() % UInt64(paragraphs.count))]
                out.writeBytes(p)
                written += p.count
            }
        }
        out.writeBytes(taxParagraph)
        if wrapped { out.writeString("</body></html>") }
    }

    /// 32 lowercase hex digits: two random words, each without leading zeros, joined and left-padded with "0".
    private static func hex(_ rng: inout SplitMix64) -> [UInt8] {
        let a = rng.next(), b = rng.next()
        let length = digitCount(a) + digitCount(b)
        return [UInt8](unsafeUninitializedCapacity: 32) { buffer, count in
            var at = 32 - length
            buffer[..<at].initialize(repeating: UInt8(ascii: "0"))
            for word in [a, b] {
                let digits = digitCount(word)
                for k in 0..<digits {
                    let nibble = UInt8(truncatingIfNeeded: word >> UInt64(4 * (digits - 1 - k))) & 0xF
                    buffer[at + k] = nibble < 10 ? nibble + 0x30 : nibble + 0x57
                }
                at += digits
            }
            count = 32
        }
    }

    private static func digitCount(_ word: UInt64) -> Int {
        word == 0 ? 1 : (64 - word.leadingZeroBitCount + 3) / 4
    }

    /// A product image: `ab/cd/ef/abcdef….jpg` under the CDN's size folders; its path is built once and
    /// written up to six times.
    private struct ImageFile {
        let path: [UInt8]

        /// `png` is nil for description images, whose extension the paragraph template carries.
        init(hash: [UInt8], png: Bool?) {
            var path: [UInt8] = []
            path.reserveCapacity(45)
            path += hash[0..<2]
            path.append(UInt8(ascii: "/"))
            path += hash[2..<4]
            path.append(UInt8(ascii: "/"))
            path += hash[4..<6]
            path.append(UInt8(ascii: "/"))
            path += hash
            if let png { path += (png ? ".png" : ".jpg").utf8 }
            self.path = path
        }
    }

    static func escapedString(_ text: String) -> String {
        String(decoding: escaped(text), as: UTF8.self)
    }

    /// JSON string escaping without the quotes (`JSONWriter`'s, so mock and pipeline escape alike).
    static func escaped(_ text: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.writeString(text)
        return Array(writer.bytes.dropFirst().dropLast())
    }

    static let sellerSpecifications =
        #""seller_specifications":[{"name":"Tiki hoàn tiền 111% nếu phát hiện hàng giả","url":null,"value":null},{"name":"Cam kết hàng chính hiệu","url":null,"value":null}]"#

    static let trailerJSON =
        ##""warranty_info":[{"name":"Hướng dẫn bảo hành","value":"Xem chi tiết","url":"https://hotro.tiki.vn/s/article/chinh-sach-bao-hanh-tai-tiki-nhu-the-nao"}],"return_and_exchange_policy":" Đổi trả trong<br><b>7 ngày</b><br>nếu sp lỗi.","is_tier_pricing_available":false,"is_tier_pricing_eligible":false,"asa_cashback_widget":{"sep":0,"rate":216,"astra_convert_rate":0,"text_color":"#402DA1","short_description":"Tham gia các gói thành viên Astra Rewards cao cấp hơn để được nhiều ưu đãi hơn","background_color":"#F2F0FE","asa_plus_badge":"https://salt.tikicdn.com/ts/upload/9e/93/48/33bcc35a1465f46346c03a17d0c36ab8.png","text":"Thưởng 35,59 ASA (≈ 7.688đ)","icon":{"height":16,"width":13,"url":"https://salt.tikicdn.com/ts/upload/df/e2/b4/063c4d55ca380f818547f00f5175d39f.png"},"button":{"text":"Khám phá thêm","url":"https://tiki.vn/sep/my-sep"},"amplitude":{"has_freeship_plus_benefit":true,"partner_rewards_amount":30,"tiki_rewards_amount":4.98,"total_rewards_amount":35.59475411},"benefits":{"title":"Bạn là thành viên","sub_title":"Thưởng 4.98 ASA và thêm 30.6147541 ASA với sản phẩm Astra+","benefit_text":"Điểm thưởng Astra dùng để làm gì?","type":"sep_required","information_url":"https://tiki.vn/sep/my-sep","list":[{"icon":"https://salt.tikicdn.com/ts/upload/31/1a/54/f4ad6056005c3c4b91d746cd5cd72e5a.png","text":"Đổi Astra lấy mã giảm giá & freeship","link":null},{"icon":"https://salt.tikicdn.com/ts/upload/c9/a4/3f/ce4ec9a0e3c40aeb75a41ec4c181382f.png","text":"Astra có thể trao đổi mua bán sang Tiki Xu","link":null}]},"non_login_url_path":"https://tiki.vn/sep"},"benefits":[{"icon":"https://salt.tikicdn.com/ts/upload/2c/48/44/720434869e103b03aaaf1a104d91ad25.png","text":"Hoàn tiền<br><b>111%</b><br>nếu hàng giả"},{"icon":"https://salt.tikicdn.com/ts/upload/4b/a1/23/1606089d5423e5cba05e3820ad39708e.png","text":"Thông tin<br>bảo hành","extra_text":"XEM CHI TIẾT","extra_header":"Thông tin bảo hành","extra":[{"name":"Hướng dẫn bảo hành","value":"Xem chi tiết","url":"https://hotro.tiki.vn/s/article/chinh-sach-bao-hanh-tai-tiki-nhu-the-nao"}]},{"icon":"https://salt.tikicdn.com/ts/upload/63/75/6a/144ada409519d72e2978ad2c61bc02a7.png","text":" Đổi trả trong<br><b>7 ngày</b><br>nếu sp lỗi."}]}"##

    /// A soft block: HTTP 200 JSON that names the product but carries no `name` or `price`.
    package func softBlockDocument(id: Int64) -> ByteBuffer {
        ByteBuffer(string: #"{"id":\#(id),"master_id":\#(id),"url_key":"p\#(id)","type":"simple","inventory_status":"available","data_version":1,"badges_new":[]}"#)
    }

    package static let notFoundBody = #"{"error":{"code":404,"message":"Sản phẩm không tồn tại hoặc đã ngừng kinh doanh","status":"NOT_FOUND"}}"#
    package static let captchaPage =
        #"<!DOCTYPE html><html><head><title>Xác minh bảo mật</title></head><body><div id="captcha-container"><h1>Vui lòng xác minh bạn không phải robot</h1><form action="/captcha/verify" method="post"><div class="g-recaptcha" data-sitekey="6Lc-captcha"></div><button type="submit">Tiếp tục</button></form></div></body></html>"#
}
