import Testing
@testable import TikiTransform

@Suite struct HTMLTextTests {
    @Test(arguments: [
        ("<p>Hello</p><p>World</p>", "Hello\nWorld"),
        ("<p>a<br>b<br/>c</p>", "a\nb\nc"),
        ("<ul><li>One</li><li>Two</li></ul>", "• One\n• Two"),
        ("<p>Tom &amp; Jerry &lt;3 &#43;1 &#x2B;2 &quot;q&quot; &hellip;</p>", "Tom & Jerry <3 +1 +2 \"q\" …"),
        ("<p>a&nbsp;&nbsp;b\u{00A0}c</p>", "a b c"),
        ("<p>zero\u{200B}width\u{FEFF}\u{2060}</p>", "zerowidth"),
        ("<p>x</p><script>var a = '<p>no</p>';</script><style>p{}</style><iframe src=\"v\">inside</iframe><p>y</p>", "x\ny"),
        ("<html><head></head><body><h3>Title</h3>\n<p>Body   text\n  wraps</p></body></html>", "Title\nBody text wraps"),
        ("<p></p>\n\n<p>  </p><div><p>only</p></div><br><br>", "only"),
        ("<p><strong>Bold</strong> and <a href=\"/x\">link</a>.</p>", "Bold and link."),
        ("<p style=\"color: red\">Tiếng Việt có dấu</p>", "Tiếng Việt có dấu"),
        ("a < b and c > d", "a < b and c > d"),
        ("<table><tr><td>Màu</td><td>Đen</td></tr></table>", "Màu Đen"),
        ("<!-- comment --><p>kept</p>", "kept"),
        ("AT&T &unknown; &", "AT&T &unknown; &"),
        ("<p>&agrave;&Ecirc;&ocirc;</p>", "àÊô"),
        ("", ""),
    ])
    func cleansDescriptionHTML(html: String, expected: String) {
        #expect(HTMLText.clean(html) == expected)
    }

    @Test func collectsImageSourcesInOrder() {
        let html = #"<p><img src="https://a/1.jpg" alt=""></p><IMG SRC='https://a/2.png'><img alt="no src"><img src="https://a/3.jpg?x=1&amp;y=2">"#
        #expect(HTMLText.imageURLs(html) == ["https://a/1.jpg", "https://a/2.png", "https://a/3.jpg?x=1&y=2"])
    }
}
