/// The cursor behind `JSONParser`: reads one value at a time from UTF-8 bytes, tracking line and column for errors.
///
/// Package code that reads records straight into columns (`convert` with a schema) drives it token by token:
/// `parseUTF8` hands over a string's validated bytes without making a `String`.
package struct JSONReader {
    /// Deep enough for any real document, shallow enough that the recursion cannot overflow the stack.
    package static let maxDepth = 512

    package let bytes: UnsafeBufferPointer<UInt8>
    let invalidUTF8: JSONParser.InvalidUTF8
    package var index = 0
    var scratch: [UInt8] = []
    package var repairedStrings = 0
    /// Where the last object key read lies in `bytes`, so an error in its value can name it.
    package var lastKey = 0..<0

    package init(_ bytes: UnsafeBufferPointer<UInt8>, invalidUTF8: JSONParser.InvalidUTF8 = .reject) {
        self.bytes = bytes
        self.invalidUTF8 = invalidUTF8
    }


    package var atEnd: Bool { index >= bytes.count }

    package func error(_ message: String) -> JSONParseError {
        let end = min(index, bytes.count)
        let lineStart = (bytes[..<end].lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        return JSONParseError(message: message, offset: index, line: line(at: index), column: index - lineStart + 1)
    }

    /// The 1-based line of byte `offset`.
    package func line(at offset: Int) -> Int {
        1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    package mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    package mutating func parseValue(depth: Int, selection: CompiledSelection = .all) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1, selection: selection)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1, selection: selection)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }

    package mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let p = literal.utf8Start
        for i in 0..<count where bytes[index + i] != p[i] { throw error("invalid literal") }
        index += count
    }

    mutating func parseArray(depth: Int, selection: CompiledSelection = .all) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth, selection: selection))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw error("expected ',' or ']'")
            }
        }
    }

    /// An object; with a member selection, unselected members are skipped unparsed and their keys never decoded.
    mutating func parseObject(depth: Int, selection: CompiledSelection) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            var key: String?
            var child = CompiledSelection.all
            if let keys = selection.keys {
                let keyStart = index + 1
                try skipString()
                // Selected names hold no escapes, so comparing the raw bytes is exact.
                let keyBytes = UnsafeBufferPointer(rebasing: bytes[keyStart..<(index - 1)])
                if let k = keys.firstIndex(where: { $0.count == keyBytes.count && $0.elementsEqual(keyBytes) }) {
                    key = String(decoding: keyBytes, as: UTF8.self)
                    child = selection.children[k]
                }
                lastKey = keyStart..<(index - 1)
            } else {
                let keyStart = index + 1
                key = try parseString()
                lastKey = keyStart..<(index - 1)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            if let key {
                object.appendUnchecked(key, try parseValue(depth: depth, selection: child))
            } else {
                try skipValue(depth: depth)
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            } else {
                throw error("expected ',' or '}'")
            }
        }
    }

    /// Moves past one value, checking its structure but building nothing.
    package mutating func skipValue(depth: Int) throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var nesting = 0
            repeat {
                guard index < bytes.count else { throw error("unexpected end of input in a skipped value") }
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    try skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    nesting += 1
                    guard depth + nesting <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    nesting -= 1
                default:
                    break
                }
                index += 1
            } while nesting > 0
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw error("unexpected character '\(Unicode.Scalar(bytes[index]))'")
        }
    }
}
