import Foundation
import Parquet
import Testing
import TestFixtures
import TikiJSON
import TikiSchema
@testable import Columnar

/// The conformance table against both ways a batch becomes Parquet: the mapping of parsed records
/// (`SchemaMapping.row`) and the streaming converter (`BatchShredder`, which walks tokens on its own and asks the
/// rule only for scalars). Both must read strictly, refuse at the same path with the same words, and write the
/// same bytes as the normalized value would.
@Suite struct ConformanceTableTests {
    /// The Parquet file of `rows` written row by row.
    static func file(_ rows: [[ParquetValue]], schema: Schema) throws -> [UInt8] {
        let output = MemoryOutput()
        let writer = try ParquetWriter(schema: SchemaMapping.parquetSchema(schema), output: output)
        for row in rows { try writer.write(row: row) }
        try writer.close()
        return output.bytes
    }

    @Test(arguments: conformanceTable)
    func theMappingReadsStrictly(_ c: ConformanceCase) throws {
        switch c.strict {
        case .fits(let normalized):
            let row = try SchemaMapping.row(c.record, schema: c.schema)
            #expect(row == (try SchemaMapping.row(["f": normalized], schema: c.schema)))
        case .refused(let path):
            #expect(performing: { _ = try SchemaMapping.row(c.record, schema: c.schema) }, throws: { error in
                (error as? FieldMismatch)?.field == path
            })
        }
    }

    @Test(arguments: conformanceTable)
    func theStreamingConverterAgrees(_ c: ConformanceCase) throws {
        let batch = JSONWriter.encode(.array([c.record]))
        let streamed = batch.withUnsafeBufferPointer { BatchShredder(schema: c.schema).rows(of: $0, file: "t.json") }
        switch (c.strict, streamed) {
        case (.fits(let normalized), .success(let rows)):
            let output = MemoryOutput()
            let writer = try ParquetWriter(schema: SchemaMapping.parquetSchema(c.schema), output: output)
            try writer.write(rows)
            try writer.close()
            #expect(output.bytes == (try Self.file([SchemaMapping.row(["f": normalized], schema: c.schema)], schema: c.schema)))
        case (.refused(let path), .failure(let error)):
            var mismatch = FieldMismatch(field: "", message: "")
            do { _ = try SchemaMapping.row(c.record, schema: c.schema) } catch { mismatch = error }
            #expect(mismatch.field == path)
            #expect(error.description == "t.json:1: \(mismatch)")
        case (let expected, let result):
            Issue.record("expected \(expected), streamed \(result)")
        }
    }
}
