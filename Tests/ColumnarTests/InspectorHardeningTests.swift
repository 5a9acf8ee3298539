import Foundation
@testable import Parquet
import Testing
import TikiJSON
import TikiSchema
@testable import Columnar

/// `inspect` on damaged files: every outcome is a description or a `ParquetFormatError`, never a trap.
@Suite struct InspectorHardeningTests {
    static func sampleFile() throws -> [UInt8] {
        let path = scratchDirectory() + "/sample.parquet"
        let fields = [
            ParquetField(name: "id", type: .int64, nullable: false),
            ParquetField(name: "at", type: .timestampMicros),
            ParquetField(name: "name", type: .string),
            ParquetField(name: "tags", type: .list(element: ParquetField(name: "element", type: .string))),
            ParquetField(name: "brand", type: .group([ParquetField(name: "id", type: .int32), ParquetField(name: "score", type: .double)])),
        ]
        var options = ParquetWriterOptions()
        options.compression = .none
        options.rowGroupRows = 12
        let output = try ParquetFileOutput(path: path)
        let writer = try ParquetWriter(schema: ParquetSchema(fields: fields), options: options, output: output)
        for i in 0..<30 {
            try writer.write(row: [
                .int64(Int64(i)), i % 4 == 0 ? .null : .int64(1_795_741_323_000_000 + Int64(i)), .string("name \(i % 3)"),
                i % 3 == 0 ? .null : .list([.string("t\(i % 2)"), .null]), i % 5 == 0 ? .null : .group([.int32(Int32(i)), .double(Double(i) / 3)]),
            ])
        }
        try writer.close()
        try output.close()
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Runs what `inspect` and `inspect --head` do; nil when it worked, else the format error's message.
    static func inspect(_ bytes: [UInt8]) -> String? {
        do {
            let inspector = Inspector(reader: try ParquetFileReader(bytes: bytes, name: "damaged.parquet", verifyingChecksums: false))
            _ = inspector.text()
            _ = JSONWriter.string(inspector.description())
            for row in try inspector.head(3) { _ = JSONWriter.string(row) }
            return nil
        } catch let error as ParquetFormatError {
            return error.message
        } catch {
            Issue.record("not a ParquetFormatError: \(error)")
            return "\(error)"
        }
    }

    @Test func everySingleByteChangeIsDescribedOrRejected() throws {
        let original = try Self.sampleFile()
        #expect(Self.inspect(original) == nil)
        var rejected = 0
        // Every byte of the file, each set to a value that breaks something different in turn.
        for at in original.indices {
            var bytes = original
            bytes[at] = [0xFF, 0x00, 0x7F, 0x80, bytes[at] ^ 0x01][at % 5]
            if Self.inspect(bytes) != nil { rejected += 1 }
        }
        #expect(rejected > original.count / 4)
    }

    @Test func rowGroupWithTheWrongNumberOfColumnsIsRejected() throws {
        let original = try Self.sampleFile()
        let reader = try ParquetFileReader(bytes: original, name: "t")
        #expect(reader.metadata.rowGroups[0].columns.count == reader.columns.count)
        // The same pages under a footer whose row group 0 lists one column chunk fewer than the schema has.
        var metadata = reader.metadata
        metadata.rowGroups[0].columns.removeLast()
        var writer = ThriftWriter()
        writer.writeStructBody { $0.write(metadata) }
        let footerLength = Int(original[original.count - 8]) | Int(original[original.count - 7]) << 8
        let length = UInt32(writer.bytes.count)
        let bytes = Array(original[..<(original.count - 8 - footerLength)]) + writer.bytes
            + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * UInt32($0))) } + Array("PAR1".utf8)
        let message = try #require(Self.inspect(bytes))
        #expect(message == "damaged.parquet: row group 0: 5 column chunks, the schema has 6 columns")
    }

    @Test func timestampsAtTheEndsOfInt64() {
        #expect(TimestampParser.iso8601(microseconds: 0) == "1970-01-01T00:00:00.000000Z")
        #expect(TimestampParser.iso8601(microseconds: -1) == "1969-12-31T23:59:59.999999Z")
        #expect(TimestampParser.iso8601(microseconds: -86_400_000_001) == "1969-12-30T23:59:59.999999Z")
        #expect(TimestampParser.iso8601(microseconds: .min).hasSuffix(".224192Z"))
        #expect(TimestampParser.iso8601(microseconds: .max).hasSuffix(".775807Z"))
    }
}
