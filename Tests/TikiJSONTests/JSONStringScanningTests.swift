import SeededRandom
import Testing
@testable import TikiJSON

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
