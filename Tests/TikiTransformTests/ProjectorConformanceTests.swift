import Testing
import TestFixtures
import TikiJSON
import TikiSchema
import TikiTransform

/// The conformance table against the projector: raw documents are read leniently, and members the schema lacks
/// are left out.
@Suite struct ProjectorConformanceTests {
    @Test(arguments: conformanceTable)
    func projectsAsTheLenientReading(_ c: ConformanceCase) {
        let outcome: ConformanceCase.Outcome
        do {
            let record = try Projector(schema: c.schema).project(c.record)
            outcome = .fits(record["f"] ?? "absent")
        } catch {
            outcome = .refused(at: error.field)
        }
        #expect(outcome == c.lenient)
    }
}
