/// What a tag does to the text around it.
enum HTMLTagKind {
    case dropped, lineBreak, block, listItem, cell, image, inline

    /// Looked up by the name's bytes packed, lower-cased, into an integer: nothing is allocated per tag.
    init(_ name: UnsafeBufferPointer<UInt8>) {
        self = Self.key(name).flatMap { Self.byName[$0] } ?? .inline
    }

    /// Up to 10 ASCII letters and digits, six bits each, or nil for longer names (no known tag is longer).
    private static func key(_ name: some Collection<UInt8>) -> UInt64? {
        guard name.count <= 10 else { return nil }
        var key: UInt64 = 0
        for c in name {
            // Digits are 1...10 and letters, either case, 11...36: six bits each, none zero.
            let code = c <= 0x39 ? c &- 0x2F : (c | 0x20) &- 0x61 &+ 11
            key = key << 6 | UInt64(code)
        }
        return key
    }

    private static let byName: [UInt64: HTMLTagKind] = {
        var table: [UInt64: HTMLTagKind] = [:]
        func add(_ kind: HTMLTagKind, _ names: [String]) { for n in names { table[key(Array(n.utf8))!] = kind } }
        add(.dropped, ["script", "style", "iframe", "noscript", "template", "svg", "object", "video", "audio"])
        add(.lineBreak, ["br", "hr"])
        add(.listItem, ["li", "dt", "dd"])
        add(.cell, ["td", "th"])
        add(.image, ["img"])
        add(.block, [
            "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot",
            "tr", "section", "article", "header", "footer", "aside", "nav", "blockquote", "pre", "figure",
            "figcaption", "html", "head", "body", "title", "main", "address", "caption", "center",
        ])
        return table
    }()
}
