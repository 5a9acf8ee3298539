#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one pass over the HTML's bytes behind `HTMLText`: tags, entities, white space and images.
struct HTMLScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let collectImages: Bool
    var index = 0
    var output: [UInt8] = []
    var images: [String] = []
    var pendingSpace = false
    var pendingBreak = false

    init(bytes: UnsafeBufferPointer<UInt8>, collectImages: Bool) {
        self.bytes = bytes
        self.collectImages = collectImages
        output.reserveCapacity(collectImages ? 0 : bytes.count / 2)
    }

    mutating func run() {
        while index < bytes.count {
            let b = bytes[index]
            switch b {
            case UInt8(ascii: "<"):
                parseMarkup()
            case UInt8(ascii: "&"):
                decodeEntity()
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                pendingSpace = true
                index += 1
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0xA0:
                pendingSpace = true
                index += 2
            case 0xE2 where index + 2 < bytes.count && isZeroWidth(0xE2, bytes[index + 1], bytes[index + 2]):
                index += 3
            case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF:
                index += 3
            default:
                // Copy a run of ordinary text bytes in one go.
                var end = index + 1
                while end < bytes.count {
                    let c = bytes[end]
                    if c == UInt8(ascii: "<") || c == UInt8(ascii: "&") || c <= 0x20 || c == 0xC2 || c == 0xE2 || c == 0xEF {
                        break
                    }
                    end += 1
                }
                emit(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
    }

    func isZeroWidth(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) -> Bool {
        // U+200B…U+200D (E2 80 8B…8D), U+2060 word joiner (E2 81 A0).
        (b1 == 0x80 && (0x8B...0x8D).contains(b2)) || (b1 == 0x81 && b2 == 0xA0)
    }

    mutating func emit(_ text: UnsafeBufferPointer<UInt8>) {
        guard !collectImages, !text.isEmpty else { return }
        if !output.isEmpty {
            if pendingBreak {
                output.append(0x0A)
            } else if pendingSpace, output.last != 0x20, output.last != 0x0A {
                output.append(0x20)
            }
        }
        pendingBreak = false
        pendingSpace = false
        output.append(contentsOf: text)
    }

    mutating func emit(scalar: Unicode.Scalar) {
        if scalar == "\u{A0}" || scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            pendingSpace = true
            return
        }
        if (0x200B...0x200D).contains(scalar.value) || scalar.value == 0x2060 || scalar.value == 0xFEFF { return }
        var encoded: [UInt8] = []
        encoded.append(contentsOf: UTF8.encode(scalar)!)
        encoded.withUnsafeBufferPointer { emit($0) }
    }

    mutating func lineBreak() {
        if !output.isEmpty { pendingBreak = true }
    }

    mutating func decodeEntity() {
        // `&` then up to 32 name or number characters then `;`; anything else is a literal ampersand.
        var end = index + 1
        while end < bytes.count, end - index <= 32 {
            let c = bytes[end]
            if c == UInt8(ascii: ";") { break }
            guard isAlphanumeric(c) || c == UInt8(ascii: "#") else { break }
            end += 1
        }
        if end < bytes.count, bytes[end] == UInt8(ascii: ";"), end > index + 1 {
            let name = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
            if let scalar = Self.resolveEntity(name) {
                index = end + 1
                emit(scalar: scalar)
                return
            }
        }
        index += 1
        emit(scalar: "&")
    }

    static func resolveEntity(_ name: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        if name.first == UInt8(ascii: "#") {
            var value: UInt32 = 0
            var digits = name.dropFirst()
            var radix: UInt32 = 10
            if let x = digits.first, x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
                radix = 16
                digits = digits.dropFirst()
            }
            guard !digits.isEmpty, digits.count <= 8 else { return nil }
            for c in digits {
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: d = UInt32(c - UInt8(ascii: "A") + 10)
                default: return nil
                }
                value = value * radix + d
            }
            if value == 0 { return "\u{FFFD}" }
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }
        return namedEntities[String(decoding: name, as: UTF8.self)]
    }

    func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    func lowercased(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }

    mutating func parseMarkup() {
        let start = index
        index += 1
        guard index < bytes.count else {
            emit(scalar: "<")
            return
        }
        // Comments, doctypes and processing instructions produce nothing.
        if bytes[index] == UInt8(ascii: "!") {
            if matches("!--", at: index) {
                index = find("-->", from: index + 3).map { $0 + 3 } ?? bytes.count
            } else {
                index = find(">", from: index).map { $0 + 1 } ?? bytes.count
            }
            return
        }
        if bytes[index] == UInt8(ascii: "?") {
            index = find(">", from: index).map { $0 + 1 } ?? bytes.count
            return
        }
        var closing = false
        if bytes[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        while index < bytes.count, isAlphanumeric(bytes[index]) { index += 1 }
        if index == nameStart {
            // Not a tag (`a < b`): keep the bracket as text.
            index = start + 1
            emit(scalar: "<")
            return
        }
        let name = UnsafeBufferPointer(rebasing: bytes[nameStart..<index])
        let tagEnd = endOfTag(from: index)
        let attributes = UnsafeBufferPointer(rebasing: bytes[index..<max(index, tagEnd)])
        index = min(bytes.count, tagEnd + 1)

        switch HTMLTagKind(name) {
        case .dropped where !closing:
            skipRawText(until: name.map(lowercased))
        case .dropped:
            break
        case .lineBreak:
            lineBreak()
        case .block:
            lineBreak()
        case .listItem:
            lineBreak()
            if !closing {
                let bullet: StaticString = "• "
                emit(UnsafeBufferPointer(start: bullet.utf8Start, count: bullet.utf8CodeUnitCount - 1))
                pendingSpace = true
            }
        case .cell:
            pendingSpace = true
        case .image:
            if collectImages, !closing, let src = attributeValue(named: "src", in: attributes) {
                images.append(src)
            }
        case .inline:
            break
        }
    }

    func matches(_ literal: StaticString, at position: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for k in 0..<count where bytes[position + k] != literal.utf8Start[k] { return false }
        return true
    }

    func find(_ literal: StaticString, from position: Int) -> Int? {
        var p = position
        while p < bytes.count {
            if matches(literal, at: p) { return p }
            p += 1
        }
        return nil
    }

    /// The index of the `>` closing a tag, honouring quoted attribute values.
    func endOfTag(from position: Int) -> Int {
        var p = position
        while p < bytes.count {
            let c = bytes[p]
            if c == UInt8(ascii: ">") { return p }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                // Inline styles make quoted values most of a description's bytes: skip them with memchr.
                guard let close = memchr(bytes.baseAddress! + p + 1, Int32(c), bytes.count - p - 1) else { return bytes.count }
                p = bytes.baseAddress!.distance(to: close.assumingMemoryBound(to: UInt8.self))
            }
            p += 1
        }
        return bytes.count
    }

    /// Skips the content of `script`, `style` or `iframe` up to and including its end tag.
    mutating func skipRawText(until name: [UInt8]) {
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                var p = index + 2
                var k = 0
                while k < name.count, p < bytes.count, lowercased(bytes[p]) == name[k] {
                    p += 1
                    k += 1
                }
                if k == name.count {
                    index = min(bytes.count, endOfTag(from: p) + 1)
                    return
                }
            }
            index += 1
        }
    }

    func attributeValue(named wanted: StaticString, in attributes: UnsafeBufferPointer<UInt8>) -> String? {
        var p = 0
        let n = attributes.count
        while p < n {
            while p < n, !isAlphanumeric(attributes[p]) { p += 1 }
            let nameStart = p
            while p < n, isAlphanumeric(attributes[p]) || attributes[p] == UInt8(ascii: "-") { p += 1 }
            let nameEnd = p
            while p < n, attributes[p] == 0x20 { p += 1 }
            guard p < n, attributes[p] == UInt8(ascii: "=") else { continue }
            p += 1
            while p < n, attributes[p] == 0x20 { p += 1 }
            var valueStart = p
            var valueEnd = p
            if p < n, attributes[p] == UInt8(ascii: "\"") || attributes[p] == UInt8(ascii: "'") {
                let quote = attributes[p]
                valueStart = p + 1
                p += 1
                while p < n, attributes[p] != quote { p += 1 }
                valueEnd = p
                p += 1
            } else {
                while p < n, attributes[p] != 0x20, attributes[p] != UInt8(ascii: ">") { p += 1 }
                valueEnd = p
            }
            let wantedCount = wanted.utf8CodeUnitCount
            if nameEnd - nameStart == wantedCount {
                var same = true
                for k in 0..<wantedCount where lowercased(attributes[nameStart + k]) != wanted.utf8Start[k] { same = false }
                if same {
                    let raw = String(decoding: UnsafeBufferPointer(rebasing: attributes[valueStart..<valueEnd]), as: UTF8.self)
                    let value = raw.contains("&") ? HTMLText.decodeEntities(raw) : raw
                    let trimmed = value.trimmingSpaces()
                    return trimmed.isEmpty ? nil : trimmed
                }
            }
        }
        return nil
    }
}

extension String {
    /// Foundation's `trimmingCharacters(in:)` without Foundation, which this module does not otherwise need.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
