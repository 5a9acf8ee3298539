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
