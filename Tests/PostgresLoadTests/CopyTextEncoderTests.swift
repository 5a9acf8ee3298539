import Parquet
import SeededRandom
import Testing
import TikiJSON
import TikiSchema
@testable import PostgresLoad

/// Decodes one field of COPY text as PostgreSQL's COPY FROM does (backslash escapes; `\N` alone is NULL), so the
/// tests check the encoder against the format's rules rather than against its own output.
func decodeCopyField(_ field: [UInt8]) -> [UInt8]? {
    if field == Array("\\N".utf8) { return nil }
    var out: [UInt8] = []
    var i = 0
    while i < field.count {
        let c = field[i]
        if c == 0x5C, i + 1 < field.count {
            let n = field[i + 1]
            switch n {
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            default: out.append(n)
            }
            i += 2
        } else {
            out.append(c)
            i += 1
        }
    }
    return out
}

/// Splits COPY text into rows of raw fields: newline ends a row and tab a field only where unescaped, which
/// the encoder guarantees by escaping every one inside values.
func splitCopyText(_ bytes: [UInt8]) -> [[[UInt8]]] {
    var rows: [[[UInt8]]] = []
    var row: [[UInt8]] = []
    var field: [UInt8] = []
    for b in bytes {
        switch b {
        case 0x09:
            row.append(field)
            field = []
        case 0x0A:
            row.append(field)
            rows.append(row)
            row = []
            field = []
        default:
            field.append(b)
        }
    }
    return rows
}

/// Parses a one-dimensional array literal (`{"a",NULL,3}`) as PostgreSQL's array input does.
func parseArrayLiteral(_ text: [UInt8]) -> [String?]? {
    guard text.first == UInt8(ascii: "{"), text.last == UInt8(ascii: "}") else { return nil }
    var items: [String?] = []
    var i = 1
    let end = text.count - 1
    if end == 1 { return [] }
    while i < end {
        if text[i] == 0x22 {
            var value: [UInt8] = []
            i += 1
            while i < end, text[i] != 0x22 {
                if text[i] == 0x5C { i += 1 }
                value.append(text[i])
                i += 1
            }
            i += 1  // closing quote
            items.append(String(decoding: value, as: UTF8.self))
        } else {
            var value: [UInt8] = []
            while i < end, text[i] != UInt8(ascii: ",") {
                value.append(text[i])
                i += 1
            }
            let s = String(decoding: value, as: UTF8.self)
            items.append(s == "NULL" ? nil : s)
        }
        if i < end {
            guard text[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }
    return items
}

private func column(_ name: String, _ type: FieldType, nullable: Bool = true) -> ColumnDefinition {
    ColumnDefinition(name: name, sqlType: TableDefinition.sqlType(type), nullable: nullable, fieldType: type)
}

private func encodeOne(_ value: ParquetValue, _ type: FieldType, nul: CopyTextEncoder.NulPolicy = .reject) throws -> [UInt8] {
    var encoder = CopyTextEncoder(columns: [column("c", type)], nulPolicy: nul)
    try encoder.append(row: [value])
    let rows = splitCopyText(encoder.bytes)
    #expect(rows.count == 1 && rows[0].count == 1)
    return rows[0][0]
}

@Suite struct CopyTextEncoderTests {
    @Test func scalarsAreWrittenAsPostgreSQLReadsThem() throws {
        #expect(try encodeOne(.int64(-9_223_372_036_854_775_808), .int64) == Array("-9223372036854775808".utf8))
        #expect(try encodeOne(.int64(0), .int64) == Array("0".utf8))
        #expect(try encodeOne(.int64(1_234_567), .int64) == Array("1234567".utf8))
        #expect(try encodeOne(.int32(-42), .int32) == Array("-42".utf8))
        #expect(try encodeOne(.double(0.1), .double) == Array("0.1".utf8))
        #expect(try encodeOne(.double(-1e300), .double) == Array("-1e+300".utf8))
        #expect(try encodeOne(.double(.nan), .double) == Array("NaN".utf8))
        #expect(try encodeOne(.double(.infinity), .double) == Array("Infinity".utf8))
        #expect(try encodeOne(.double(-.infinity), .double) == Array("-Infinity".utf8))
        #expect(try encodeOne(.boolean(true), .boolean) == Array("t".utf8))
        #expect(try encodeOne(.boolean(false), .boolean) == Array("f".utf8))
        #expect(try encodeOne(.int64(1_700_000_000_123_456), .timestamp) == Array("2023-11-14T22:13:20.123456Z".utf8))
        #expect(try encodeOne(.null, .string) == Array("\\N".utf8))
        // A string that reads "\N" is data, not NULL.
        #expect(decodeCopyField(try encodeOne(.string("\\N"), .string)) == Array("\\N".utf8))
    }

    @Test func doublesReadBackExactly() throws {
        for d in [0.1, 1.0 / 3.0, 123_456_789.123_456_78, 5e-324, 1.7976931348623157e308, -0.0] {
            let text = String(decoding: try encodeOne(.double(d), .double), as: UTF8.self)
            #expect(Double(text)?.bitPattern == d.bitPattern, "\(d) → \(text)")
        }
    }

    @Test func specialCharactersAreEscaped() throws {
        let text = "tab\there\nnewline\r\nback\\slash \"quote\" 'single' Tiếng Việt 🙂 \u{00A0}\u{200B} end"
        let field = try encodeOne(.string(text), .string)
        #expect(!field.contains(0x09) && !field.contains(0x0A) && !field.contains(0x0D))
        #expect(decodeCopyField(field) == Array(text.utf8))
        #expect(field == Array("tab\\there\\nnewline\\r\\nback\\\\slash \"quote\" 'single' Tiếng Việt 🙂 \u{00A0}\u{200B} end".utf8))
    }

    @Test func nulIsRejectedNamingTheColumnOrStripped() throws {
        #expect(throws: CopyEncodingError.self) { try encodeOne(.string("a\u{0}b"), .string) }
        do {
            _ = try encodeOne(.string("a\u{0}b"), .string)
        } catch let error as CopyEncodingError {
            #expect(error.column == "c")
            #expect(error.message.contains("U+0000"))
        }
        var encoder = CopyTextEncoder(columns: [column("c", .string), column("d", .list(.string))], nulPolicy: .strip)
        try encoder.append(row: [.string("a\u{0}b\u{0}"), .list([.string("\u{0}x")])])
        #expect(encoder.bytes == Array("ab\t{\"x\"}\n".utf8))
        #expect(encoder.strippedValues == 2)
        // In jsonb too: the JSON writer's \u0000 is refused by PostgreSQL, so it never reaches the text.
        let type = FieldType.struct([Field(name: "s", type: .string)])
        #expect(throws: CopyEncodingError.self) { try encodeOne(.group([.string("\u{0}")]), type) }
        #expect(try encodeOne(.group([.string("a\u{0}")]), type, nul: .strip) == Array("{\"s\":\"a\"}".utf8))
    }

    @Test func aFailedRowLeavesNothingBehind() throws {
        var encoder = CopyTextEncoder(columns: [column("a", .int64), column("b", .string, nullable: false)])
        try encoder.append(row: [.int64(1), .string("x")])
        #expect(throws: CopyEncodingError.self) { try encoder.append(row: [.int64(2), .null]) }
        #expect(throws: CopyEncodingError.self) { try encoder.append(row: [.string("2"), .string("y")]) }
        #expect(throws: CopyEncodingError.self) { try encoder.append(row: [.int64(2)]) }
        #expect(encoder.bytes == Array("1\tx\n".utf8))
    }

    @Test func arraysQuoteEveryStringAndEscapeTwice() throws {
        let values: [String] = ["plain", "with \"quotes\"", "back\\slash", "comma, {brace}", "NULL", "", "tab\tnl\n", "Việt"]
        let field = try encodeOne(.list(values.map(ParquetValue.string) + [.null]), .list(.string))
        let literal = try #require(decodeCopyField(field))
        #expect(parseArrayLiteral(literal) == values.map(Optional.some) + [nil])
        #expect(try encodeOne(.list([]), .list(.string)) == Array("{}".utf8))
        #expect(try encodeOne(.list([.int64(1), .null, .int64(-3)]), .list(.int64)) == Array("{1,NULL,-3}".utf8))
        #expect(try encodeOne(.list([.boolean(true), .boolean(false)]), .list(.boolean)) == Array("{t,f}".utf8))
        #expect(try encodeOne(.list([.int64(0)]), .list(.timestamp)) == Array("{\"1970-01-01T00:00:00.000000Z\"}".utf8))
    }

    @Test func structsAndNestedListsAreJSON() throws {
        let type = FieldType.list(.struct([
            Field(name: "name", type: .string),
            Field(name: "attributes", type: .list(.struct([Field(name: "code", type: .string), Field(name: "at", type: .timestamp)]))),
        ]))
        let value = ParquetValue.list([
            .group([.string("Tab\there \"q\" \\"), .list([.group([.string("c1"), .int64(0)]), .group([.null, .null])])]),
            .null,
        ])
        let field = try encodeOne(value, type)
        let json = try JSONParser.parse(try #require(decodeCopyField(field)))
        #expect(json == [
            ["name": "Tab\there \"q\" \\", "attributes": [["code": "c1", "at": "1970-01-01T00:00:00.000000Z"], ["code": nil, "at": nil]]],
            nil,
        ])
        #expect(throws: CopyEncodingError.self) { try encodeOne(.list([.group([.double(.nan)])]), .list(.struct([Field(name: "d", type: .double)]))) }
        // Lists of lists cannot be PostgreSQL arrays (they must be rectangular), so they are jsonb.
        #expect(TableDefinition.sqlType(.list(.list(.int64))) == "jsonb")
        #expect(try encodeOne(.list([.list([.int64(1)]), .list([])]), .list(.list(.int64))) == Array("[[1],[]]".utf8))
    }

    @Test func randomStringsRoundTrip() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("CopyTextEncoderTests.randomStringsRoundTrip seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "\t", "\n", "\r", "\\", "\"", ",", "{", "}", " ", "N", "ệ", "🙂", "\u{7F}", "\u{1}", "\u{0B}"]
        for _ in 0..<500 {
            let strings = (0..<Int(rng.next() % 4)).map { _ in
                String(String.UnicodeScalarView((0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }))
            }
            var encoder = CopyTextEncoder(columns: [column("s", .string), column("l", .list(.string))])
            try encoder.append(row: [.string(strings.first ?? ""), .list(strings.map(ParquetValue.string))])
            let rows = splitCopyText(encoder.bytes)
            #expect(rows.count == 1 && rows[0].count == 2, "seed \(seed)")
            #expect(decodeCopyField(rows[0][0]) == Array((strings.first ?? "").utf8), "seed \(seed)")
            #expect(parseArrayLiteral(decodeCopyField(rows[0][1]) ?? []) == strings, "seed \(seed): \(strings)")
        }
    }
}
