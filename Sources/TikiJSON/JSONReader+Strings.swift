/// Strings: scanning, unescaping, UTF-8 validation and repair.
extension JSONReader {
    /// A string from UTF-8 bytes: validated, and rejected or repaired when they are not UTF-8.
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> String {
        if let valid = String(validating: utf8, as: UTF8.self) { return valid }
        try repairOrReject()
        return String(decoding: utf8, as: UTF8.self)
    }

    /// Invalid UTF-8 was met: count a repair, or fail naming the member.
    private mutating func repairOrReject() throws(JSONParseError) {
        guard invalidUTF8 == .repair else {
            let member = lastKey.isEmpty ? "" : " (member \"\(String(decoding: UnsafeBufferPointer(rebasing: bytes[lastKey]), as: UTF8.self))\")"
            throw error("invalid UTF-8 in a string\(member)")
        }
        repairedStrings += 1
    }

    /// A string (at its opening quote) as validated UTF-8 bytes, handed to `body` without making a `String`;
    /// repaired the way `parseString` repairs it. The bytes are valid only during `body`.
    package mutating func parseUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> R) throws(JSONParseError) -> R {
        switch try scanString() {
        case .input(let range):
            return try validated(UnsafeBufferPointer(rebasing: bytes[range]), body)
        case .scratch:
            // `scratch` is reused by the next string; text with escapes is rare enough to copy.
            let copy = scratch
            return try copy.withUnsafeBufferPointer { (raw) throws(JSONParseError) in try validated(raw, body) }
        }
    }

    private mutating func validated<R>(
        _ raw: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> R
    ) throws(JSONParseError) -> R {
        if (try? UTF8Span(validating: raw.span)) != nil { return try body(raw) }
        try repairOrReject()
        let repaired = Array(String(decoding: raw, as: UTF8.self).utf8)
        return try repaired.withUnsafeBufferPointer { (utf8) throws(JSONParseError) in try body(utf8) }
    }

    /// Moves past a string (at its opening quote) without decoding it.
    package mutating func skipString() throws(JSONParseError) {
        index += 1
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return
            }
            index += b == UInt8(ascii: "\\") ? 2 : 1
        }
        throw error("unterminated string")
    }

    package mutating func parseString() throws(JSONParseError) -> String {
        switch try scanString() {
        case .input(let range): return try string(UnsafeBufferPointer(rebasing: bytes[range]))
        case .scratch:
            let copy = scratch
            return try copy.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in try string(buffer) }
        }
    }

    /// Where a string's unescaped bytes are: in the input, or (when it had escapes) in `scratch`.
    enum StringBytes {
        case input(Range<Int>)
        case scratch
    }

    /// Moves past a string at its opening quote, unescaping it into `scratch` only when it has escapes.
    mutating func scanString() throws(JSONParseError) -> StringBytes {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes, so the bytes are the string.
        while index < bytes.count {
            skipPlainStringBytes()
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return .input(start..<(index - 1))
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("control character in string") }
            index += 1
        }
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while index < bytes.count {
            skipPlainStringBytes()
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                if b < 0x20 { throw error("control character in string") }
                index += 1
                continue
            }
            // Copy the plain run before the quote or escape in one go.
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            if b == UInt8(ascii: "\"") {
                index += 1
                return .scratch
            }
            index += 1
            guard index < bytes.count else { throw error("unterminated escape") }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by \u and a low surrogate.
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try parseHex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            appendScalar(0xFFFD)
                            scalar = low
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendScalar(scalar)
            default:
                index -= 1
                throw error("invalid escape '\\\(Unicode.Scalar(e))'")
            }
            runStart = index
        }
        throw error("unterminated string")
    }

    /// Advances eight bytes at a time past string content that needs no attention: no quote, no backslash,
    /// no control character (SWAR: a word has such a byte iff one of these bit tricks sets its high bit).
    @inline(__always)
    mutating func skipPlainStringBytes() {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let hasQuote = (quote &- ones) & ~quote & highs
            let hasBackslash = (backslash &- ones) & ~backslash & highs
            let hasControl = (word &- ones &* 0x20) & ~word & highs
            if hasQuote | hasBackslash | hasControl != 0 { return }
            index += 8
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    mutating func appendScalar(_ value: UInt32) {
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        scratch.append(contentsOf: UTF8.encode(scalar)!)
    }
}
