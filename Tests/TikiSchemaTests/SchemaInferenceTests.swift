import Testing
import TikiJSON
@testable import TikiSchema

@Suite struct SchemaInferenceTests {
    func infer(_ records: [JSONValue], widen: Bool = false) throws -> Schema {
        var inferrer = SchemaInferrer(widenConflictsToString: widen)
        for (i, r) in records.enumerated() { try inferrer.add(r, file: "batch.json", record: i + 1) }
        return inferrer.schema(name: "inferred")
    }

    @Test func mergesNumbersNullsMissingFieldsListsAndStructs() throws {
        let schema = try infer([
            ["id": 1, "score": 5, "tags": ["a"], "brand": ["name": "X"], "note": nil],
            ["id": 2, "score": 4.5, "tags": [], "brand": ["name": "Y", "id": 3], "extra": true],
        ])
        let byName = Dictionary(uniqueKeysWithValues: schema.fields.map { ($0.name, $0) })
        #expect(schema.fieldNames == ["id", "score", "tags", "brand", "note", "extra"])
        #expect(byName["id"]?.type == .int64)
        #expect(byName["id"]?.nullable == false)
        #expect(byName["score"]?.type == .double)
        #expect(byName["tags"]?.type == .list(.string))
        #expect(byName["note"]?.type == .string)
        #expect(byName["note"]?.nullable == true)
        #expect(byName["extra"]?.nullable == true, "missing from the first record")
        guard case .struct(let brand) = byName["brand"]?.type else { Issue.record("brand"); return }
        #expect(brand.map(\.name) == ["name", "id"])
        #expect(brand.first { $0.name == "id" }?.nullable == true)
    }

    @Test func conflictingTypesNameFileRecordAndField() throws {
        do {
            _ = try infer([["a": ["b": 1]], ["a": ["b": "text"]]])
            Issue.record("expected a conflict")
        } catch let conflict as InferenceConflict {
            #expect(conflict.file == "batch.json")
            #expect(conflict.record == 2)
            #expect(conflict.field == "a.b")
        }
    }

    @Test func widenTurnsConflictsIntoStrings() throws {
        let schema = try infer([["a": 1], ["a": "x"]], widen: true)
        #expect(schema.fields[0].type == .string)
    }

    @Test func checkReportsEveryViolation() {
        let schema = Schema(name: "s", fields: [
            Field(name: "id", type: .int64, nullable: false),
            Field(name: "tags", type: .list(.string)),
            Field(name: "at", type: .timestamp),
        ])
        let problems = schema.violations(of: ["tags": ["a", 3], "at": "yesterday", "zzz": 1], file: "f.json", record: 7)
        let fields = Set(problems.map(\.field))
        #expect(fields == ["id", "tags[1]", "at", "zzz"])
        #expect(problems.allSatisfy { $0.description.hasPrefix("f.json:7:") })
        #expect(schema.violations(of: ["id": 1, "tags": nil, "at": 1_700_000_000], file: "f", record: 1).isEmpty)
    }

    @Test(arguments: [
        ("2026-11-27T01:02:03Z", Int64(1_795_741_323_000_000)),
        ("2026-11-27T01:02:03.5+00:00", Int64(1_795_741_323_500_000)),
        ("2026-11-27T08:02:03+07:00", Int64(1_795_741_323_000_000)),
        ("1970-01-01", Int64(0)),
    ])
    func parsesISO8601(text: String, micros: Int64) {
        #expect(TimestampParser.parseISO8601(text) == micros)
    }

    @Test func timestampsRoundTripThroughISO8601() {
        for micros: Int64 in [0, 1_796_173_323_123_456, -1_000_000, 951_782_400_000_000] {
            #expect(TimestampParser.parseISO8601(TimestampParser.iso8601(microseconds: micros)) == micros)
        }
        #expect(TimestampParser.microseconds(from: .int(1_700_000_000)) == 1_700_000_000_000_000)
        #expect(TimestampParser.microseconds(from: .int(1_700_000_000_123)) == 1_700_000_000_123_000)
        #expect(TimestampParser.parseISO8601("2026-13-01") == nil)
    }
}
