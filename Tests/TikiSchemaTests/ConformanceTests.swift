import Testing
import TestFixtures
import TikiJSON
import TikiSchema

/// The conformance table against the rule itself, both readings, and against `schema check`.
@Suite struct ConformanceTests {
    static func outcome(_ c: ConformanceCase, _ reading: FieldType.Reading) -> ConformanceCase.Outcome {
        do {
            let members = try Conformance(NormalizedJSON(), reading: reading).record(c.record, fields: c.schema.fields) {
                (problem) throws(FieldMismatch) in throw problem
            }
            return .fits(members[0])
        } catch {
            return .refused(at: error.field)
        }
    }

    @Test(arguments: conformanceTable)
    func strictAndLenientReadings(_ c: ConformanceCase) {
        #expect(Self.outcome(c, .strict) == c.strict)
        #expect(Self.outcome(c, .lenient) == c.lenient)
    }

    @Test(arguments: conformanceTable)
    func schemaCheckPassesWhatStrictReadingTakes(_ c: ConformanceCase) throws {
        let problems = c.schema.violations(of: c.record, file: "t.json", record: 3)
        switch c.strict {
        case .fits:
            #expect(problems.map(\.field) == (c.unknownMember.map { [$0] } ?? []))
            #expect(problems.allSatisfy { $0.message == FieldProblem.unknown })
        case .refused(let path):
            let first = try #require(problems.first)
            #expect(first.field == path)
            // The message is the conversion's, word for word.
            #expect(throws: FieldMismatch(field: path, message: first.message)) {
                _ = try Conformance(NormalizedJSON()).record(c.record, fields: c.schema.fields) { (problem) throws(FieldMismatch) in throw problem }
            }
            #expect(first.description == "t.json:3:\(path): \(first.message)")
        }
    }

    @Test func theCheckListsEveryProblemWhereTheOthersStopAtTheFirst() {
        let schema = Schema(name: "s", fields: [
            Field(name: "id", type: .int64, nullable: false),
            Field(name: "tags", type: .list(.string)),
            Field(name: "at", type: .timestamp),
        ])
        let record: JSONValue = ["tags": ["a", 3, true], "at": "yesterday", "zzz": 1]
        #expect(schema.violations(of: record, file: "f", record: 1).map(\.field) == ["id", "tags[1]", "tags[2]", "at", "zzz"])
        #expect(throws: FieldMismatch(field: "id", message: FieldProblem.missing)) {
            _ = try Conformance(NoValues()).record(record, fields: schema.fields) { (problem) throws(FieldMismatch) in throw problem }
        }
    }

    @Test func aRecordThatIsNotAnObjectIsNamedAsTheRecord() {
        let problems = Schema.tikiProduct.violations(of: [1, 2], file: "f", record: 4)
        #expect(problems.map(\.description) == ["f:4:<record>: expected a JSON object, found array"])
    }
}
