import Foundation
import Testing
import TikiSchema
@testable import PostgresLoad

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct TableDefinitionTests {
    @Test func theJobsRecordBecomesThisTable() throws {
        let table = try TableDefinition(name: "products", schema: .tikiProduct)
        #expect(table.createStatement() == """
            CREATE TABLE "products" (
              "id" bigint NOT NULL,
              "name" text NOT NULL,
              "url_key" text,
              "price" bigint,
              "description" text,
              "images" text[],
              PRIMARY KEY ("id")
            )
            """)
        #expect(table.createStatement(named: "t2", ifNotExists: true).hasPrefix("CREATE TABLE IF NOT EXISTS \"t2\" ("))
    }

    @Test func everySchemaTypeHasItsColumnType() throws {
        let schema = try Schema.load(contentsOf: repositoryRoot + "/schemas/tiki-product-extended.json")
        let table = try TableDefinition(name: "products_extended", schema: schema)
        let types = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.sqlType) })
        #expect(types["id"] == "bigint")
        #expect(types["discount_rate"] == "integer")
        #expect(types["rating_average"] == "double precision")
        #expect(types["inventory_status"] == "text")
        #expect(types["brand"] == "jsonb")
        #expect(types["breadcrumbs"] == "text[]")
        #expect(types["specifications"] == "jsonb")
        #expect(types["fetched_at"] == "timestamp with time zone")
        #expect(table.columns.first { $0.name == "fetched_at" }?.nullable == false)
        #expect(TableDefinition.sqlType(.boolean) == "boolean")
        #expect(TableDefinition.sqlType(.list(.int32)) == "integer[]")
        #expect(TableDefinition.sqlType(.list(.timestamp)) == "timestamp with time zone[]")
        #expect(TableDefinition.sqlType(.list(.double)) == "double precision[]")
    }

    @Test func badNamesAndSchemasWithoutAKeyAreRefused() {
        #expect(throws: LoadError.self) { try TableDefinition(name: "pro\"ducts", schema: .tikiProduct) }
        #expect(throws: LoadError.self) { try TableDefinition(name: "", schema: .tikiProduct) }
        #expect(throws: LoadError.self) { try TableDefinition(name: String(repeating: "x", count: 64), schema: .tikiProduct) }
        let noKey = Schema(name: "k", fields: [Field(name: "name", type: .string)])
        #expect(throws: LoadError.self) { try TableDefinition(name: "t", schema: noKey) }
        #expect(SQL.quote("a\"b") == "\"a\"\"b\"")
        #expect(SQL.literal("it's") == "'it''s'")
    }

    private func existing(_ table: TableDefinition) -> [(name: String, sqlType: String, nullable: Bool)] {
        table.columns.map { ($0.name, $0.sqlType, $0.nullable) }
    }

    private func mismatch(_ table: TableDefinition, _ columns: [(name: String, sqlType: String, nullable: Bool)]) -> LoadError? {
        do {
            try table.check(existing: columns)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTableThatDiffersIsNamedByColumn() throws {
        let table = try TableDefinition(name: "products", schema: .tikiProduct)
        #expect(mismatch(table, existing(table)) == nil)
        // Another column order is fine: COPY names its columns.
        #expect(mismatch(table, existing(table).reversed()) == nil)

        var wrongType = existing(table)
        wrongType[3].sqlType = "text"
        let typeError = try #require(mismatch(table, wrongType))
        #expect(typeError.kind == .tableMismatch && typeError.remedy == .recreateTable)
        #expect(typeError.message.contains("column price is text, the schema needs bigint"))

        let missing = try #require(mismatch(table, existing(table).filter { $0.name != "images" }))
        #expect(missing.message.contains("no column images (text[])"))

        let extra = try #require(mismatch(table, existing(table) + [("loaded_by", "text", true)]))
        #expect(extra.message.contains("column loaded_by (text) is not in the schema"))

        var notNull = existing(table)
        notNull[2].nullable = false
        let nullability = try #require(mismatch(table, notNull))
        #expect(nullability.message.contains("column url_key is NOT NULL"))
        // A NOT NULL column the schema also requires is fine, and so is a nullable one it requires.
        var relaxed = existing(table)
        relaxed[1].nullable = true
        #expect(mismatch(table, relaxed) == nil)
    }

    @Test func copyErrorsAreTracedToFileAndRecord() {
        var map = CopyLineMap()
        map.add(EncodedChunk(file: "a.json", firstRecord: 1, rows: 1000, bytes: [], inputBytes: 0, strippedValues: 0))
        map.add(EncodedChunk(file: "b.json", firstRecord: 1, rows: 500, bytes: [], inputBytes: 0, strippedValues: 0))
        map.add(EncodedChunk(file: "c.parquet", firstRecord: 2001, rows: 2000, bytes: [], inputBytes: 0, strippedValues: 0))
        #expect(map.locate(context: "COPY products, line 1, column price: \"x\"") == "a.json:1")
        #expect(map.locate(context: "COPY products, line 1000") == "a.json:1000")
        #expect(map.locate(context: "COPY products, line 1001, column id") == "b.json:1")
        #expect(map.locate(context: "COPY products, line 1501: \"…\"") == "c.parquet:2001")
        #expect(map.locate(context: "COPY products, line 3500") == "c.parquet:4000")
        #expect(map.locate(context: "COPY products") == nil)
        #expect(map.locate(context: "COPY products, line 0") == nil)
    }
}
