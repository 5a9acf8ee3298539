import SeededRandom
import Testing
@testable import TikiJSON

@Suite struct JSONParserTests {
    @Test func parsesNestedDocumentKeepingKeyOrder() throws {
        let value = try JSONParser.parse(#"{"b":1,"a":[true,false,null],"c":{"x":-2.5e3,"y":"z"}}"#)
        guard case .object(let object) = value else { Issue.record("not an object"); return }
        #expect(object.keys == ["b", "a", "c"])
        #expect(value["b"] == .int(1))
        #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["c"]?["x"] == .double(-2500))
        #expect(value["c"]?["y"] == .string("z"))
    }

    @Test(arguments: [
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\n\t\r\b\f""#, "\n\t\r\u{8}\u{C}"),
        (#""\u00e9\u0041""#, "éA"),
        (#""\ud83d\ude00""#, "😀"),
        (#""Tiếng Việt có dấu""#, "Tiếng Việt có dấu"),
        (#""\ud800x""#, "\u{FFFD}x"),
    ])
    func decodesStringEscapes(input: String, expected: String) throws {
        #expect(try JSONParser.parse(input) == .string(expected))
    }

    @Test func distinguishesIntegersFromDoubles() throws {
        #expect(try JSONParser.parse("5") == .int(5))
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("4.8") == .double(4.8))
        #expect(try JSONParser.parse("1e2") == .double(100))
        #expect(try JSONParser.parse("9223372036854775807") == .int(.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9223372036854775808))
    }

    @Test(arguments: ["{", "[1,]", #"{"a" 1}"#, "01", "1.", "tru", #""abc"#, "[1] x", "\"a\u{1}\"", "-"])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func reportsLineAndColumnOfTheFault() {
        do {
            _ = try JSONParser.parse("[\n  1,\n  x\n]")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 3)
        }
    }

    @Test func parsesJSONLines() throws {
        let values = try JSONParser.parseSequence(Array("{\"a\":1}\n{\"a\":2}\n\n".utf8))
        #expect(values == [["a": 1], ["a": 2]])
    }

    @Test func writerRoundTripsAndLeavesUnicodeUnescaped() throws {
        let value: JSONValue = ["name": "Túi \"Canvas\"\n", "n": 3, "d": 4.8, "whole": 5.0, "list": [nil, true], "o": [:]]
        let bytes = JSONWriter.encode(value)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Túi"))
        #expect(text.contains(#"\"Canvas\"\n"#))
        #expect(text.contains(#""whole":5.0"#))
        #expect(try JSONParser.parse(bytes) == value)
    }

    @Test func encodeLinesPutsOneRecordPerLine() throws {
        let records: [JSONValue] = [["id": 1], ["id": 2]]
        let text = String(decoding: JSONWriter.encodeLines(records), as: UTF8.self)
        #expect(text == "[\n{\"id\":1},\n{\"id\":2}\n]\n")
        #expect(try JSONParser.parse(text) == .array(records))
    }

    @Test func controlCharactersAreEscaped() {
        #expect(JSONWriter.string(.string("a\u{1}b")) == #""a\u0001b""#)
    }
}

@Suite struct JSONSelectionTests {
    let text = #"{"skip":{"a":[1,{"b":"}]\"x"}],"c":"\\\""},"id":7,"images":[{"base_url":"u1","large":"x"},{"large":"y"}],"name":"n","tail":[true,false,null,-1.5e3]}"#

    @Test func buildsOnlyTheSelectedMembers() throws {
        let selection = JSONSelection.paths([["id"], ["images", "base_url"], ["name"]])
        let value = try JSONParser.parse(Array(text.utf8), selecting: selection)
        #expect(value == ["id": 7, "images": [["base_url": "u1"], [:]], "name": "n"])
    }

    @Test func wholeSubtreesWhenAPathEndsThere() throws {
        let value = try JSONParser.parse(Array(text.utf8), selecting: .paths([["skip"]]))
        #expect(value["skip"] == (try JSONParser.parse(text))["skip"])
        #expect(value.objectValue?.keys == ["skip"])
    }

    @Test func skippedPartsMustStillBeWellFormed() {
        for broken in [#"{"x":[1,2,"id":1}"#, #"{"x":"unterminated}"#, #"{"x":tru,"id":1}"#, #"{"x":{"a":1},"id":1"#] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(broken.utf8), selecting: .paths([["id"]])) }
        }
    }
}

@Suite struct JSONStringScanningTests {
    /// Quotes, backslashes and control characters at every offset of an 8-byte word must still be seen.
    @Test func escapesAtEveryAlignmentRoundTrip() throws {
        let seed: UInt64 = 0x5EED_0003
        print("string scanning seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let alphabet: [Character] = ["a", "ả", "\"", "\\", "\n", "\t", "\u{1}", "/", " ", "😀", "Z"]
        for length in 0..<40 {
            for _ in 0..<20 {
                let text = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
                let encoded = JSONWriter.encode(.array([.string(text), ["k": .string(text)]]))
                #expect(try JSONParser.parse(encoded) == .array([.string(text), ["k": .string(text)]]))
            }
        }
    }

    @Test func rawControlCharacterIsRejectedWherever() {
        for offset in 0..<17 {
            let text = "\"" + String(repeating: "x", count: offset) + "\u{1}yy\""
            #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        }
    }

    @Test func invalidUTF8IsRejectedWithItsMemberOrRepairedAndCounted() throws {
        let bytes: [UInt8] = Array(#"{"id": 1, "name": "a"#.utf8) + [0xFF, 0xFE] + Array(#"b"}"#.utf8)
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.message == #"invalid UTF-8 in a string (member "name")"#)
            #expect(error.line == 1)
        }
        var repaired = 0
        let value = try JSONParser.parse(
            bytes, selecting: CompiledSelection.all, invalidUTF8: .repair, repairedStrings: &repaired)
        #expect(value["name"] == .string("a\u{FFFD}\u{FFFD}b"))
        #expect(repaired == 1)
        // The escaped path is checked the same way.
        let escaped: [UInt8] = Array(#"["x\n"#.utf8) + [0xC3] + Array(#""]"#.utf8)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(escaped) }
    }

    @Test func aCutOffJSONLinesRecordIsReportedAtItsOwnLine() {
        var lines = (1...10).map { #"{"id": \#($0), "name": "n"}"# }
        lines.append(#"{"id": 11, "#)
        lines.append(#"{"id": 12, "name": "n"}"#)
        lines.append(#"{"id": 13, "name": "n"}"#)
        do {
            _ = try JSONParser.parseSequence(Array(lines.joined(separator: "\n").utf8))
            Issue.record("a cut-off record was accepted")
        } catch {
            #expect(error.valueLine == 11)
            #expect(error.description.hasPrefix("line 11: the value that begins there is cut off or malformed"))
        }
    }
}
