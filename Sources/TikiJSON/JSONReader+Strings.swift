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
    ///
    /// The bytes are checked while the string is scanned (`scanString(validating: true)`): a second pass over
    /// them, the standard library's validation, was 7% of a GZIP conversion's CPU and 14% of a SNAPPY one's.
    package mutating func parseUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> R) throws(JSONParseError) -> R {
        let (found, valid) = try scanString(validating: true)
        switch found {
        case .input(let range):
            return try validated(UnsafeBufferPointer(rebasing: bytes[range]), valid: valid, body)
        case .scratch:
            // Held by reference, not copied: `validated` mutates `self`, so it cannot borrow `scratch` from it.
            let copy = scratch
            return try copy.withUnsafeBufferPointer { (raw) throws(JSONParseError) in try validated(raw, valid: valid, body) }
        }
    }

    /// Appends a string's (at its opening quote) unescaped bytes to `out`, checked while scanned and repaired or
    /// refused as `parseUTF8` does them. A string with escapes is unescaped straight into `out`: through
    /// `parseUTF8` it went into `scratch` first, and then into a column, and 99.95% of the offline job's
    /// descriptions have an escape. On a throw, `out` is left as it was.
    package mutating func appendUTF8(to out: inout [UInt8]) throws(JSONParseError) {
        let start = out.count
        // `out` stands in for `scratch` for this one string, where the escapes are written.
        swap(&scratch, &out)
        let scanned: (bytes: StringBytes, valid: Bool)
        do {
            scanned = try scanString(validating: true, appendingToScratch: true)
        } catch {
            swap(&scratch, &out)
            out.removeSubrange(start...)
            throw error
        }
        swap(&scratch, &out)
        if case .input(let range) = scanned.bytes { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range])) }
        guard !scanned.valid else { return }
        do { try repairOrReject() } catch {
            out.removeSubrange(start...)
            throw error
        }
        let repaired = Array(String(decoding: out[start...], as: UTF8.self).utf8)
        out.replaceSubrange(start..., with: repaired)
    }

    private mutating func validated<R>(
        _ raw: UnsafeBufferPointer<UInt8>, valid: Bool, _ body: (UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> R
    ) throws(JSONParseError) -> R {
        if valid { return try body(raw) }
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
        switch try scanString(validating: false).bytes {
        case .input(let range): return try string(UnsafeBufferPointer(rebasing: bytes[range]))
        case .scratch:
            let copy = scratch
            return try copy.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in try string(buffer) }
        }
    }

    /// Where a string's unescaped bytes are: in the input, or (when it had escapes) in `scratch`, at its end.
    enum StringBytes {
        case input(Range<Int>)
        case scratch
    }

    /// Moves past a string at its opening quote, unescaping it into `scratch` only when it has escapes: into an
    /// emptied `scratch`, or after what it holds with `appendingToScratch`.
    ///
    /// With `validating`, the string's bytes are checked to be UTF-8 on the way (`valid`; always `true`
    /// without). Checking the input's runs between escapes is checking the unescaped string: an escape writes
    /// whole scalars, and a sequence cut short by an escape is refused in both, a backslash being no
    /// continuation byte.
    @inline(__always)
    mutating func scanString(validating: Bool, appendingToScratch: Bool = false) throws(JSONParseError) -> (bytes: StringBytes, valid: Bool) {
        index += 1  // opening quote
        let start = index
        var valid = true
        // Where the bytes not yet copied to `scratch` begin, once an escape has sent the string there.
        var runStart: Int?
        while true {
            skipPlainStringBytes(validating: validating, valid: &valid)
            guard index < bytes.count else { throw error("unterminated string") }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                guard let runStart else { return (.input(start..<(index - 1)), valid) }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(index - 1)]))
                return (.scratch, valid)
            }
            if b == UInt8(ascii: "\\") {
                if runStart == nil, !appendingToScratch { scratch.removeAll(keepingCapacity: true) }
                // Copy the plain run before the escape in one go.
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(runStart ?? start)..<index]))
                try unescape()
                runStart = index
            } else if b < 0x20 {
                throw error("control character in string")
            } else if validating, b >= 0x80 {
                let length = utf8SequenceLength()
                if length == 0 { valid = false }
                index += max(1, length)
            } else {
                index += 1
            }
        }
    }

    /// Appends the escape at `index` (a backslash) to `scratch` and moves past it.
    private mutating func unescape() throws(JSONParseError) {
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
    }

    /// Advances eight bytes at a time past string content that needs no attention: no quote, no backslash,
    /// no control character (SWAR: a word has such a byte iff one of these bit tricks sets its high bit), and,
    /// `validating`, ASCII or well-formed UTF-8 sequences. Stops at a byte that needs a look, or near the end.
    @inline(__always)
    mutating func skipPlainStringBytes(validating: Bool, valid: inout Bool) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            // Little-endian whatever the machine, so that the lowest set bit is the first byte in memory.
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let hasQuote = (quote &- ones) & ~quote & highs
            let hasBackslash = (backslash &- ones) & ~backslash & highs
            let hasControl = (word &- ones &* 0x20) & ~word & highs
            let special = hasQuote | hasBackslash | hasControl
            guard validating, word & highs != 0 else {
                if special != 0 { return }
                index += 8
                continue
            }
            // Up to the first byte that is not ASCII; if a special byte comes first, the caller takes it.
            let firstHigh = (word & highs).trailingZeroBitCount
            if special != 0, special.trailingZeroBitCount < firstHigh { return }
            index += firstHigh >> 3
            let length = utf8SequenceLength()
            if length == 0 {
                valid = false
                return
            }
            index += length
        }
    }

    /// The length of the well-formed UTF-8 sequence at `index` (a byte of 0x80 or more), or 0 if there is none
    /// (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing past U+10FFFF).
    @inline(__always)
    func utf8SequenceLength() -> Int {
        let i = index
        let lead = bytes[i]
        func continues(_ k: Int) -> Bool { bytes[i + k] & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            return i + 1 < bytes.count && continues(1) ? 2 : 0
        case 0xE0...0xEF:
            guard i + 2 < bytes.count else { return 0 }
            let second = bytes[i + 1]
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            return second >= low && second <= high && continues(2) ? 3 : 0
        case 0xF0...0xF4:
            guard i + 3 < bytes.count else { return 0 }
            let second = bytes[i + 1]
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            return second >= low && second <= high && continues(2) && continues(3) ? 4 : 0
        default:
            return 0
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
