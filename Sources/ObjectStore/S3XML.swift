import Foundation
/// Reads the few values S3's XML answers carry (`<Code>`, `<UploadId>`, `<Contents><Key>`): elements by name,
/// text with the five entities and numeric references decoded. Bounded by the input; malformed input yields
/// fewer values, never a trap.
package enum S3XML {
    /// The text of every `<tag>…</tag>` in `xml`, in order (attributes on the opening tag allowed).
    package static func values(of tag: String, in xml: Substring) -> [String] {
        var found: [String] = []
        var rest = xml
        let close = "</\(tag)>"
        while let open = rest.range(of: "<\(tag)") {
            let after = rest[open.upperBound...]
            guard let first = after.first else { break }
            // `<Key>` must not match `<KeyMarker>`.
            guard first == ">" || first == " " || first == "/" else { rest = after; continue }
            if first == "/" { found.append(""); rest = after; continue }  // <Tag/>
            guard let gt = after.firstIndex(of: ">") else { break }
            let body = after[after.index(after: gt)...]
            guard let end = body.range(of: close) else { break }
            found.append(decodeEntities(body[..<end.lowerBound]))
            rest = body[end.upperBound...]
        }
        return found
    }

    package static func value(of tag: String, in xml: String) -> String? {
        values(of: tag, in: xml[...]).first
    }

    /// The raw inner XML of every `<tag>…</tag>` (for repeated blocks such as `<Contents>`).
    package static func blocks(of tag: String, in xml: String) -> [Substring] {
        var found: [Substring] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(tag)>"), let end = rest[open.upperBound...].range(of: "</\(tag)>") {
            found.append(rest[open.upperBound..<end.lowerBound])
            rest = rest[end.upperBound...]
        }
        return found
    }

    static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        var out = ""
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let tail = rest[amp...]
            guard let semi = tail.prefix(12).firstIndex(of: ";") else { out += "&"; rest = tail.dropFirst(); continue }
            let name = tail[tail.index(after: amp)..<semi]
            var replacement: String?
            switch name {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                    replacement = String(Character(s))
                } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let s = Unicode.Scalar(v) {
                    replacement = String(Character(s))
                }
            }
            if let replacement {
                out += replacement
                rest = tail[tail.index(after: semi)...]
            } else {
                out += "&"
                rest = tail.dropFirst()
            }
        }
        return out + rest
    }

    /// Escapes text for an element body (the ETags of CompleteMultipartUpload hold quotes).
    package static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
