import Foundation
import Parquet

/// Small files from our writer covering what the reader decodes: every column type, nulls, lists, structs,
/// dictionary and PLAIN chunks, several pages and row groups, uncompressed and GZIP.
enum SeedCorpus {
    static let fields: [ParquetField] = [
        ParquetField(name: "n", type: .int32, nullable: false),
        ParquetField(name: "ok", type: .boolean, nullable: false),
        ParquetField(name: "label", type: .string),
        ParquetField(name: "value", type: .double),
        ParquetField(name: "when", type: .timestampMicros),
        ParquetField(name: "items", type: .list(element: ParquetField(name: "element", type: .group([
            ParquetField(name: "code", type: .int64, nullable: false),
            ParquetField(name: "notes", type: .list(element: ParquetField(name: "element", type: .string))),
        ])))),
        ParquetField(name: "owner", type: .group([
            ParquetField(name: "name", type: .string, nullable: false),
            ParquetField(name: "age", type: .int32),
        ])),
    ]

    static func row(_ i: Int) -> [ParquetValue] {
        let items: ParquetValue = switch i % 4 {
        case 0: .null
        case 1: .list([])
        case 2: .list([.group([.int64(Int64(i)), .list([.string("x"), .null])]), .null])
        default: .list([.group([.int64(7), .null])])
        }
        return [
            .int32(Int32(i % 5)),
            .boolean(i % 3 == 0),
            i % 6 == 0 ? .null : .string("label \(i % 3)"),
            i % 5 == 0 ? .null : .double(Double(i) / 4),
            i % 7 == 0 ? .null : .int64(1_795_741_323_000_000 + Int64(i)),
            items,
            i % 5 == 0 ? .null : .group([.string("owner \(i % 2)"), i % 3 == 0 ? .null : .int32(Int32(20 + i % 2))]),
        ]
    }

    static func write(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let variants: [(String, ParquetWriterOptions.Compression, ParquetWriterOptions.DictionaryMode, Int)] = [
            ("plain-uncompressed", .none, .off, 1_000),
            ("dictionary-uncompressed", .none, .on, 1_000),
            ("auto-gzip", .gzip(level: 6), .auto, 1_000),
            ("small-pages-uncompressed", .none, .auto, 7),
        ]
        for (name, compression, dictionary, rowGroupRows) in variants {
            var options = ParquetWriterOptions()
            options.compression = compression
            options.dictionary = dictionary
            options.rowGroupRows = rowGroupRows
            options.pageBytes = 128
            let output = try ParquetFileOutput(path: "\(directory)/seed-\(name).parquet")
            let writer = try ParquetWriter(schema: ParquetSchema(fields: fields), options: options, output: output)
            for i in 0..<16 { try writer.write(row: row(i)) }
            try writer.close()
            try output.close()
        }
    }
}
