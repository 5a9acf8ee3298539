import Foundation
import SeededRandom
import Testing
@testable import Parquet

func temporaryParquetPath() -> String {
    NSTemporaryDirectory() + "tiki-parquet-" + UUID().uuidString + ".parquet"
}

/// Writes `rows` with `options`, reads them back with our reader.
func roundTrip(_ fields: [ParquetField], _ rows: [[ParquetValue]], options: ParquetWriterOptions = .init()) throws -> (ParquetFileReader, [[ParquetValue]]) {
    let path = temporaryParquetPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let output = try ParquetFileOutput(path: path)
    let writer = try ParquetWriter(schema: ParquetSchema(fields: fields), options: options, output: output)
    for row in rows { try writer.write(row: row) }
    try writer.close()
    try output.close()
    let reader = try ParquetFileReader(path: path)
    return (reader, try reader.readRows())
}

let everyTypeFields: [ParquetField] = [
    ParquetField(name: "id", type: .int64, nullable: false),
    ParquetField(name: "small", type: .int32),
    ParquetField(name: "score", type: .double),
    ParquetField(name: "flag", type: .boolean),
    ParquetField(name: "name", type: .string),
    ParquetField(name: "at", type: .timestampMicros),
    ParquetField(name: "tags", type: .list(element: ParquetField(name: "element", type: .string))),
    ParquetField(name: "brand", type: .group([
        ParquetField(name: "id", type: .int64),
        ParquetField(name: "name", type: .string),
    ])),
    ParquetField(name: "specs", type: .list(element: ParquetField(name: "element", type: .group([
        ParquetField(name: "name", type: .string),
        ParquetField(name: "values", type: .list(element: ParquetField(name: "element", type: .int32))),
    ])))),
]

func everyTypeRow(_ i: Int) -> [ParquetValue] {
    let tags: ParquetValue = switch i % 5 {
    case 0: .null
    case 1: .list([])
    case 2: .list([.null])
    case 3: .list([.string("a"), .null, .string("Tiếng Việt \(i)")])
    default: .list([.string("")])
    }
    let specs: ParquetValue = switch i % 4 {
    case 0: .null
    case 1: .list([])
    case 2: .list([.group([.string("s\(i)"), .list([.int32(1), .null, .int32(Int32(i))])]), .null])
    default: .list([.group([.null, .list([])]), .group([.string("x"), .null])])
    }
    return [
        .int64(Int64(i) * 1_000_003),
        i % 3 == 0 ? .null : .int32(Int32(i % 100 - 50)),
        i % 7 == 0 ? .null : .double(Double(i) / 8),
        i % 2 == 0 ? .null : .boolean(i % 4 == 1),
        i % 6 == 0 ? .null : .string(i % 6 == 1 ? "" : "sản phẩm \(i % 40) 😀"),
        i % 9 == 0 ? .null : .int64(1_795_741_323_000_000 + Int64(i)),
        tags,
        i % 8 == 0 ? .null : .group([i % 3 == 0 ? .null : .int64(Int64(i)), .string("brand \(i % 3)")]),
        specs,
    ]
}

@Suite struct RoundTripTests {
    @Test(arguments: [
        (ParquetWriterOptions.Compression.gzip(level: 6), ParquetWriterOptions.DictionaryMode.auto),
        (.none, .off),
        (.gzip(level: 1), .on),
        (.none, .on),
    ])
    func everyTypeWithNullsListsAndStructs(compression: ParquetWriterOptions.Compression, dictionary: ParquetWriterOptions.DictionaryMode) throws {
        var options = ParquetWriterOptions()
        options.compression = compression
        options.dictionary = dictionary
        let rows = (0..<997).map(everyTypeRow)
        let (reader, back) = try roundTrip(everyTypeFields, rows, options: options)
        #expect(back == rows)
        #expect(reader.metadata.numRows == 997)
        #expect(reader.columns.map { $0.path.joined(separator: ".") } == [
            "id", "small", "score", "flag", "name", "at", "tags.list.element", "brand.id", "brand.name",
            "specs.list.element.name", "specs.list.element.values.list.element",
        ])
        let tags = reader.columns[6]
        #expect(tags.maxDefinitionLevel == 3 && tags.maxRepetitionLevel == 1)
        let nested = reader.columns[10]
        #expect(nested.maxDefinitionLevel == 6 && nested.maxRepetitionLevel == 2)
    }

    @Test func manyRowGroupsAndPagesEndOnRowBoundaries() throws {
        var options = ParquetWriterOptions()
        options.rowGroupRows = 300
        options.pageBytes = 512
        let rows = (0..<1000).map(everyTypeRow)
        let (reader, back) = try roundTrip(everyTypeFields, rows, options: options)
        #expect(back == rows)
        #expect(reader.metadata.rowGroups.map(\.numRows) == [300, 300, 300, 100])
        for group in reader.metadata.rowGroups {
            #expect(group.columns.allSatisfy { $0.metaData.numValues >= group.numRows })
        }
    }

    @Test func rowGroupsAlsoCloseBySize() throws {
        var options = ParquetWriterOptions()
        options.rowGroupBytes = 50_000
        let fields = [ParquetField(name: "text", type: .string, nullable: false)]
        let rows = (0..<100).map { i in [ParquetValue.string(String(repeating: "x\(i)", count: 1000))] }
        let (reader, back) = try roundTrip(fields, rows, options: options)
        #expect(back == rows)
        #expect(reader.metadata.rowGroups.count > 3)
    }

    @Test func emptyAndMegabyteStrings() throws {
        let big = String(repeating: "Mô tả sản phẩm rất dài. ", count: 90_000)
        let fields = [ParquetField(name: "s", type: .string)]
        let rows: [[ParquetValue]] = [[.string("")], [.string(big)], [.null], [.string("z")]]
        let (reader, back) = try roundTrip(fields, rows)
        #expect(back == rows)
        let stats = reader.metadata.rowGroups[0].columns[0].metaData.statistics
        #expect(stats?.nullCount == 1)
        #expect(stats?.minValue == [])
        #expect(stats?.maxValue == Array("z".utf8))
    }

    @Test func dictionaryIsUsedForRepetitiveColumnsAndNotForUniqueText() throws {
        let fields = [
            ParquetField(name: "status", type: .string, nullable: false),
            ParquetField(name: "text", type: .string, nullable: false),
        ]
        let rows = (0..<5000).map { i in [ParquetValue.string(["available", "out_of_stock"][i % 2]), .string("unique text number \(i) \(UUID())")] }
        let (reader, back) = try roundTrip(fields, rows)
        #expect(back == rows)
        let chunks = reader.metadata.rowGroups[0].columns
        #expect(chunks[0].metaData.encodings.contains(.rleDictionary))
        #expect(chunks[0].metaData.dictionaryPageOffset != nil)
        #expect(!chunks[1].metaData.encodings.contains(.rleDictionary))
        #expect(chunks[1].metaData.dictionaryPageOffset == nil)
    }

    @Test func dictionaryFallsBackToPlainPastTheLimit() throws {
        var options = ParquetWriterOptions()
        options.dictionary = .on
        options.dictionaryPageLimit = 10_000
        let fields = [ParquetField(name: "n", type: .int64, nullable: false)]
        let rows = (0..<5000).map { [ParquetValue.int64(Int64($0))] }
        let (reader, back) = try roundTrip(fields, rows, options: options)
        #expect(back == rows)
        #expect(reader.metadata.rowGroups[0].columns[0].metaData.dictionaryPageOffset == nil)
    }

    @Test func footerCarriesCreatedByKeyValuesAndColumnOrders() throws {
        var options = ParquetWriterOptions()
        options.keyValueMetadata = ["tiki.schema": "{\"name\":\"x\"}"]
        let (reader, _) = try roundTrip([ParquetField(name: "a", type: .int64)], [[.int64(1)]], options: options)
        #expect(reader.metadata.createdBy == "parquet-swift version 0.1.0")
        #expect(reader.metadata.keyValueMetadata == [KeyValue(key: "tiki.schema", value: "{\"name\":\"x\"}")])
        #expect(reader.metadata.columnOrdersWritten)
        #expect(reader.metadata.version == 1)
        let chunk = reader.metadata.rowGroups[0].columns[0].metaData
        #expect(reader.metadata.rowGroups[0].fileOffset == 4)
        #expect(chunk.dataPageOffset == 4)
    }

    @Test func aRowThatFailsLeavesTheOthersIntact() throws {
        let path = temporaryParquetPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try ParquetFileOutput(path: path)
        let writer = try ParquetWriter(schema: ParquetSchema(fields: everyTypeFields), output: output)
        try writer.write(row: everyTypeRow(1))
        var bad = everyTypeRow(2)
        bad[8] = .list([.group([.string("ok"), .list([.string("not an int")])])])
        #expect(throws: ParquetWriteError.self) { try writer.write(row: bad) }
        var nullID = everyTypeRow(3)
        nullID[0] = .null
        #expect(throws: ParquetWriteError.self) { try writer.write(row: nullID) }
        try writer.write(row: everyTypeRow(4))
        try writer.close()
        try output.close()
        #expect(try ParquetFileReader(path: path).readRows() == [everyTypeRow(1), everyTypeRow(4)])
    }

    @Test func randomRowsRoundTrip() throws {
        // Property: whatever shape of nulls and lists, our reader gives back what the writer got.
        let seed: UInt64 = 0x5EED_0002
        print("random rows seed \(seed)")
        var rng = SplitMix64(seed: seed)
        for _ in 0..<5 {
            let rows = (0..<300).map { _ in everyTypeRow(Int.random(in: 0..<100_000, using: &rng)) }
            var options = ParquetWriterOptions()
            options.pageBytes = Int.random(in: 64...4096, using: &rng)
            options.rowGroupRows = Int.random(in: 1...300, using: &rng)
            #expect(try roundTrip(everyTypeFields, rows, options: options).1 == rows)
        }
    }
}
