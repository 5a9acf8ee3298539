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

    /// The UTF-8 check reads a sequence's bytes ahead of the scan: at the end of the input they must not be read past
    /// it, and a control character after multibyte text is still one.
    @Test func theUTF8CheckStopsAtTheEndAndStillSeesControlCharacters() {
        let cuts: [[UInt8]] = [[0xC3], [0xE1, 0xBA], [0xF0, 0x9F, 0x98]]
        for cut in cuts {
            for offset in 0..<10 {
                let document: [UInt8] = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "a"), count: offset) + cut
                let message = document.withUnsafeBufferPointer { buffer -> String? in
                    var reader = JSONReader(buffer)
                    do throws(JSONParseError) { try reader.parseUTF8 { _ in () } } catch { return error.message }
                    return nil
                }
                #expect(message == "unterminated string", "bytes \(document)")
            }
        }
        for offset in 0..<10 {
            let document: [UInt8] = Array(("\"" + String(repeating: "ế", count: offset) + "\u{1}ả\"").utf8)
            let message = document.withUnsafeBufferPointer { buffer -> String? in
                var reader = JSONReader(buffer)
                do throws(JSONParseError) { try reader.parseUTF8 { _ in () } } catch { return error.message }
                return nil
            }
            #expect(message == "control character in string", "after \(offset) multibyte characters")
        }
    }

    /// A string cut off after an escape has sent part of it into the buffer: the buffer is left as it was.
    @Test func aStringCutOffLeavesTheBufferItWasAppendedToAsItWas() {
        for document in [#""ab\ncd"#, #""ab\"#, #""ab\u00"#, "\"ab\\n\u{1}\""] {
            let out = Array(document.utf8).withUnsafeBufferPointer { buffer -> [UInt8]? in
                var reader = JSONReader(buffer)
                var out = Array("kept".utf8)
                do throws(JSONParseError) { try reader.appendUTF8(to: &out) } catch { return out }
                return nil
            }
            #expect(out == Array("kept".utf8), "document \(document)")
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

    /// Strings handed over as bytes: valid text passes as it is, at every alignment and on both of the scan's paths,
    /// and anything else is repaired exactly as `String(decoding:)` repairs it, or refused. The scan checks the
    /// bytes itself, so the standard library's validation is the oracle here.
    @Test func utf8BytesAreRepairedOrRefusedAsTheStandardLibraryDecodes() throws {
        let seed: UInt64 = 0x5EED_0011
        print("UTF-8 scanning seed \(seed)")
        var rng = SplitMix64(seed: seed)
        // Pieces that sit on the edges of table 3-7: overlong leads, surrogates, the last scalar and past it,
        // cut-off sequences, stray continuation bytes, and an escape to send the scan down its scratch path.
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("ả".utf8), Array("😀".utf8), Array("\u{10FFFF}".utf8), Array("ngữ".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0x9F, 0x80], [0xE0, 0xA0], [0xED, 0xA0, 0x80],
            [0xED, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80], [0xFF],
            [0x80], [0xBF], Array(#"\n"#.utf8), Array("xxxxxxxx".utf8),
            // Long runs for the scan's eight-byte steps, which check the sequences they meet as they go.
            Array("Kích thước: 35 x 40 cm | Xuất xứ: Việt Nam".utf8), Array("https://salt.tikicdn.com/ts/".utf8),
        ]
        for _ in 0..<4_000 {
            var content: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<12, using: &rng) { content += pieces.randomElement(using: &rng)! }
            let document = [UInt8(ascii: "\"")] + content + [UInt8(ascii: "\"")]
            let unescaped = content.split(separator: UInt8(ascii: "\\"), omittingEmptySubsequences: false)
                .enumerated().flatMap { i, part in i == 0 ? Array(part) : [0x0A] + part.dropFirst() }
            let isValid = String(validating: unescaped, as: UTF8.self) != nil
            let expected = Array(String(decoding: unescaped, as: UTF8.self).utf8)
            let (got, repairs) = try document.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer, invalidUTF8: .repair)
                let got = try reader.parseUTF8 { Array($0) }
                return (got, reader.repairedStrings)
            }
            #expect(got == expected, "bytes \(content)")
            #expect(repairs == (isValid ? 0 : 1), "bytes \(content)")
            let refused = document.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer)
                return (try? reader.parseUTF8 { _ in () }) == nil
            }
            #expect(refused == !isValid, "bytes \(content)")
            // Appended after what the buffer holds, unescaped straight into it: the same bytes, the earlier ones
            // kept, and nothing left behind by a refusal.
            let before = Array("kept".utf8)
            let (appended, appendRepairs) = try document.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer, invalidUTF8: .repair)
                var out = before
                try reader.appendUTF8(to: &out)
                return (out, reader.repairedStrings)
            }
            #expect(appended == before + expected, "bytes \(content)")
            #expect(appendRepairs == repairs, "bytes \(content)")
            let afterRefusal = document.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer)
                var out = before
                do throws(JSONParseError) { try reader.appendUTF8(to: &out) } catch { return out }
                return isValid ? out : []
            }
            #expect(afterRefusal == (isValid ? before + expected : before), "bytes \(content)")
        }
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
