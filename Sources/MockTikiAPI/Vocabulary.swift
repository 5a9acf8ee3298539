/// Vietnamese building blocks for synthetic products, shaped like what the real catalogue holds.
enum Vocabulary {
    static let productKinds = [
        "Túi Canvas", "Áo Thun Nam", "Nồi Cơm Điện", "Bình Giữ Nhiệt", "Tai Nghe Bluetooth", "Sữa Rửa Mặt",
        "Bàn Chải Điện", "Quạt Đứng", "Balo Laptop", "Giày Thể Thao", "Đèn Bàn LED", "Chảo Chống Dính",
        "Máy Xay Sinh Tố", "Kem Chống Nắng", "Ốp Lưng Điện Thoại", "Bút Bi", "Vở Kẻ Ngang", "Đồng Hồ Nam",
        "Khẩu Trang Y Tế", "Sách Kỹ Năng Sống", "Nước Giặt", "Bộ Nồi Inox", "Ấm Siêu Tốc", "Gối Cao Su Non",
        "Chuột Không Dây", "Bàn Phím Cơ", "Sạc Dự Phòng", "Dầu Gội Thảo Dược", "Váy Liền Thân", "Xe Đạp Trẻ Em",
    ]
    static let modifiers = [
        "Cao Cấp", "Chính Hãng", "Size Lớn", "Màu Đen", "Phiên Bản 2024", "Siêu Nhẹ", "Chống Nước", "Tiết Kiệm Điện",
        "Nhập Khẩu", "Dung Tích 1.8L", "Loại 1", "Hàng Mới Về", "Không Dây", "Đa Năng", "Cho Bé", "Xanh Navy",
    ]
    static let brands: [(id: Int, name: String)] = [
        (192_479, "YODY"), (18_764, "Sunhouse"), (71_002, "Thiên Long"), (2_001, "Lock&Lock"), (8_812, "Điện Quang"),
        (9_121, "Kangaroo"), (10, "Philips"), (55_314, "Xiaomi"), (61_908, "Biti's"), (40_022, "Rạng Đông"),
        (110_092, "Hồng Hà"), (33_812, "Cocoon"), (7_733, "Unilever"), (88_120, "OEM"), (131_200, "Nhã Nam"),
    ]
    static let categories: [(id: Int, name: String, parent: (Int, String))] = [
        (49_610, "Túi tote không khóa", (976, "Túi thời trang nữ")), (8_371, "Áo thun nam", (915, "Thời trang nam")),
        (2_028, "Nồi cơm điện", (1_882, "Điện gia dụng")), (1_815, "Tai nghe bluetooth", (1_801, "Thiết bị số")),
        (1_591, "Sữa rửa mặt", (1_520, "Làm đẹp - Sức khỏe")), (8_594, "Balo laptop", (27_616, "Balo và Vali")),
        (316, "Sách kỹ năng sống", (8_322, "Nhà Sách Tiki")), (1_826, "Chảo chống dính", (1_883, "Nhà Cửa - Đời Sống")),
        (28_806, "Đèn bàn", (1_883, "Nhà Cửa - Đời Sống")), (1_846, "Chuột không dây", (1_846, "Laptop - Máy Vi Tính")),
    ]
    static let sellers = [
        "YODY Official Store", "Tiki Trading", "Sunhouse Official", "Nhà Sách Phương Nam", "Điện Máy Xanh Online",
        "Gia Dụng Thông Minh", "Thế Giới Làm Đẹp", "Phụ Kiện Số 24h",
    ]
    static let inventoryStatuses = ["available", "available", "available", "available", "out_of_stock", "discontinued"]

    /// Paragraphs of description HTML with the tags, entities and odd characters the real descriptions carry.
    static let paragraphs = [
        "<p><strong>THÔNG TIN SẢN PHẨM</strong></p>\n<p>Sản phẩm được sản xuất theo tiêu chuẩn chất lượng cao, đảm bảo an toàn cho người sử dụng &amp; thân thiện với môi trường.</p>",
        "<p style=\"text-align: justify;\">Chất liệu bền bỉ, đường may tỉ mỉ, giữ form dáng sau nhiều lần giặt.&nbsp;Thiết kế tối giản, dễ phối đồ, phù hợp đi làm, đi học hay dạo phố.</p>",
        "<h3>Đặc điểm nổi bật</h3>\n<ul>\n<li>Thiết kế hiện đại, nhỏ gọn, tiện lợi mang theo</li>\n<li>Chất liệu cao cấp, an toàn cho sức khỏe</li>\n<li>Dễ dàng vệ sinh &amp; bảo quản</li>\n<li>Bảo hành chính hãng 12 tháng</li>\n</ul>",
        "<p>Kích thước: 35 x 40 cm&nbsp;|&nbsp;Trọng lượng: 0.5 kg&nbsp;|&nbsp;Xuất xứ: Việt Nam</p>",
        "<p><img src=\"https://salt.tikicdn.com/ts/tmp/{H1}/{H2}/{H3}/{HASH}.jpg\" alt=\"\" width=\"750\" height=\"750\"></p>",
        "<h4>Hướng dẫn sử dụng</h4>\n<p>Bước 1: Tháo bao bì sản phẩm.<br>Bước 2: Vệ sinh trước khi dùng lần đầu.<br>Bước 3: Sử dụng theo hướng dẫn đi kèm&#46;</p>",
        "<p>Combo tiết kiệm: mua 2 tặng 1 &#43; miễn phí vận chuyển cho đơn hàng từ 150.000đ. Ưu đãi áp dụng có thời hạn\u{200B}.</p>",
        "<p><span style=\"font-size: 14px; color: #333333;\">Cam kết hàng chính hãng 100%, hoàn tiền 111% nếu phát hiện hàng giả.</span> Liên hệ <a href=\"https://tiki.vn/cua-hang\" target=\"_blank\">cửa hàng</a> để được tư vấn.</p>",
        "<h5>Lưu ý khi bảo quản</h5>\n<p>Để nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.\u{00A0}Không để gần nguồn nhiệt &lt; 60&deg;C.</p>",
        "<p><iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" frameborder=\"0\" allowfullscreen></iframe></p>",
        "<div><p>Thành phần: nước tinh khiết, glycerin, chiết xuất trà xanh, vitamin E, hương liệu tự nhiên.</p><p>Dung tích: 500ml &ndash; phù hợp cho mọi loại da, kể cả da nhạy cảm.</p></div>",
        "<p>Sản phẩm đã được kiểm định chất lượng bởi <strong>Bộ Y Tế</strong>, đạt tiêu chuẩn ISO 9001:2015 &amp; HACCP. Đóng gói cẩn thận, giao hàng nhanh toàn quốc\u{2060}.</p>",
        "<table><tr><td>Màu sắc</td><td>Đen / Trắng / Xanh</td></tr><tr><td>Bảo hành</td><td>12 tháng</td></tr></table>",
        "<p>“Tôi đã dùng sản phẩm được 3 tháng và rất hài lòng” – chị Lan, Hà Nội. Đánh giá trung bình 4.8/5 từ hơn 1.000 khách hàng.</p>",
    ]
    static let styledBlockOpen =
        "<div style=\"margin: 0px 0px 12px; padding: 0px; box-sizing: border-box; font-family: Roboto, Helvetica, Arial, sans-serif; font-size: 14px; line-height: 1.6; color: rgb(36, 36, 36); text-align: justify; word-break: break-word; overflow-wrap: break-word; background-color: rgb(255, 255, 255);\"><span style=\"font-family: arial, helvetica, sans-serif; font-size: 14px;\">"
    static let styledBlockClose = "</span></div>"

    static let taxParagraph =
        "<p>Giá sản phẩm trên Tiki đã bao gồm thuế theo luật hiện hành. Bên cạnh đó, tuỳ vào loại sản phẩm, hình thức và địa chỉ giao hàng mà có thể phát sinh thêm chi phí khác như phí vận chuyển, phụ phí hàng cồng kềnh, thuế nhập khẩu (đối với đơn hàng giao từ nước ngoài có giá trị trên 1 triệu đồng).....</p>"

    /// `"Túi Canvas Đen"` → `"tui-canvas-den"`.
    static func slug(_ text: String) -> String {
        let folded = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var out = ""
        var dash = false
        for scalar in folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if dash, !out.isEmpty { out.append("-") }
                dash = false
                out.unicodeScalars.append(scalar)
            } else {
                dash = true
            }
        }
        return out
    }
}

import Foundation
