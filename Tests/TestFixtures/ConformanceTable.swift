import TikiJSON
import TikiSchema

/// One row of the conformance table: a field `f` of a type, a value for it, and what a strict reading (batches:
/// `schema check`, the Parquet mapping, the streaming converter) and a lenient one (raw documents: the projector)
/// make of it. Every caller of the rule runs the same table (`ConformanceTests`, `ProjectorTests`,
/// `ProjectorConformanceTests`, `ConformanceTableTests`).
package struct ConformanceCase: Sendable, CustomStringConvertible {
    /// What a reading makes of the value.
    package enum Outcome: Sendable, Equatable {
        /// The value as a batch holds it after the reading.
        case fits(JSONValue)
        /// Refused, at this path.
        case refused(at: String)
    }

    package var type: FieldType
    package var nullable = true
    package var value: JSONValue
    package var strict: Outcome
    package var lenient: Outcome
    /// A member the schema lacks, by path: `schema check` reports it, the others leave it out.
    package var unknownMember: String?

    /// The one-field schema of the case.
    package var schema: Schema { Schema(name: "table", fields: [Field(name: "f", type: type, nullable: nullable)]) }
    /// The value as the record `{"f": value}`.
    package var record: JSONValue { .object(JSONObject(keys: ["f"], values: [value])) }

    package var description: String { "\(type) \(JSONWriter.string(value))" }
}

private let point = FieldType.struct([Field(name: "a", type: .int64, nullable: false), Field(name: "b", type: .string)])

private func both(_ type: FieldType, _ value: JSONValue, _ outcome: ConformanceCase.Outcome, nullable: Bool = true) -> ConformanceCase {
    ConformanceCase(type: type, nullable: nullable, value: value, strict: outcome, lenient: outcome)
}

private func lenientOnly(_ type: FieldType, _ value: JSONValue, _ lenient: JSONValue, at path: String = "f") -> ConformanceCase {
    ConformanceCase(type: type, value: value, strict: .refused(at: path), lenient: .fits(lenient))
}

/// The table: every scalar type with its own form, its drifting forms and wrong kinds; nulls; lists and structs
/// with a bad part deep inside.
package let conformanceTable: [ConformanceCase] = [
    both(.int64, 7, .fits(7)),
    both(.int64, .double(7), .fits(7)),
    both(.int64, 7.5, .refused(at: "f")),
    both(.int64, -9_007_199_254_740_993, .fits(-9_007_199_254_740_993)),
    lenientOnly(.int64, "7", 7),
    lenientOnly(.int64, " 129000 ", 129_000),
    both(.int64, "12a", .refused(at: "f")),
    both(.int64, true, .refused(at: "f")),
    both(.int64, [7], .refused(at: "f")),
    both(.int32, 3, .fits(3)),
    both(.int32, 5_000_000_000, .refused(at: "f")),
    both(.double, 2, .fits(.double(2))),
    both(.double, 4.5, .fits(4.5)),
    lenientOnly(.double, "4.5", 4.5),
    both(.boolean, true, .fits(true)),
    lenientOnly(.boolean, 1, true),
    lenientOnly(.boolean, 0, false),
    both(.boolean, 2, .refused(at: "f")),
    both(.boolean, "true", .refused(at: "f")),
    both(.string, "Sản phẩm \"1\"", .fits("Sản phẩm \"1\"")),
    both(.string, "", .fits("")),
    lenientOnly(.string, 42, "42"),
    lenientOnly(.string, true, "true"),
    both(.string, [], .refused(at: "f")),
    both(.string, ["a": 1], .refused(at: "f")),
    both(.timestamp, "2026-11-27T01:02:03Z", .fits("2026-11-27T01:02:03.000000Z")),
    both(.timestamp, 1_795_741_323, .fits("2026-11-27T01:02:03.000000Z")),
    both(.timestamp, "yesterday", .refused(at: "f")),
    both(.string, nil, .fits(nil)),
    both(.string, nil, .refused(at: "f"), nullable: false),
    both(.list(.int64), [1, 2], .fits([1, 2])),
    both(.list(.int64), [], .fits([])),
    both(.list(.int64), [1, nil], .fits([1, nil])),
    lenientOnly(.list(.int64), [1, "2"], [1, 2], at: "f[1]"),
    both(.list(.int64), [1, "x"], .refused(at: "f[1]")),
    both(.list(.int64), "1", .refused(at: "f")),
    both(.list(.list(.string)), [["a"], [], nil], .fits([["a"], [], nil])),
    both(.list(.list(.string)), [["a", ["b"]]], .refused(at: "f[0][1]")),
    both(point, ["a": 1, "b": "x"], .fits(["a": 1, "b": "x"])),
    both(point, ["b": "x", "a": 1], .fits(["a": 1, "b": "x"])),
    both(point, ["a": 1], .fits(["a": 1, "b": nil])),
    both(point, ["b": "x"], .refused(at: "f.a")),
    both(point, ["a": nil], .refused(at: "f.a")),
    lenientOnly(point, ["a": "1"], ["a": 1, "b": nil], at: "f.a"),
    both(point, [1], .refused(at: "f")),
    ConformanceCase(type: point, value: ["a": 1, "z": 2], strict: .fits(["a": 1, "b": nil]), lenient: .fits(["a": 1, "b": nil]),
                    unknownMember: "f.z"),
    both(.list(point), [["a": 1], ["a": "x"]], .refused(at: "f[1].a")),
    both(.list(point), [["a": 1], nil], .fits([["a": 1, "b": nil], nil])),
]
