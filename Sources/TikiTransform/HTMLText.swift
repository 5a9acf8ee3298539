#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns product-description HTML into normalized plain text in one pass over its UTF-8 bytes.
///
/// Block elements and `<br>` become line breaks, `<li>` a `• ` bullet, entities are decoded, U+00A0 becomes a
/// space, zero-width characters go, `script`/`style`/`iframe` are dropped with their content, runs of white
/// space fold to one space, blank lines fold away and the result is trimmed.
package enum HTMLText {
    /// The cleaned text of `html`.
    package static func clean(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            var scanner = HTMLScanner(bytes: bytes, collectImages: false)
            scanner.run()
            return String(decoding: scanner.output, as: UTF8.self)
        }
    }

    /// The `src` of every `<img>` in `html`, in document order, entities decoded.
    package static func imageURLs(_ html: String) -> [String] {
        var html = html
        return html.withUTF8 { bytes in
            var scanner = HTMLScanner(bytes: bytes, collectImages: true)
            scanner.run()
            return scanner.images
        }
    }
}

extension HTMLText {
    /// Decodes character references only (no tags), for attribute values.
    static func decodeEntities(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(33).firstIndex(of: ";") {
                var name = Array(after[..<semi].utf8)
                let scalar = name.withUnsafeMutableBufferPointer { HTMLScanner.resolveEntity(UnsafeBufferPointer($0)) }
                if let scalar {
                    out.unicodeScalars.append(scalar)
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }
}
