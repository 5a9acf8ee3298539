import Foundation
import SeededRandom
import Testing
@testable import Parquet

/// The bytes of a file our writer makes of `rows`.
func parquetBytes(_ fields: [ParquetField], _ rows: [[ParquetValue]], options: ParquetWriterOptions = .init()) throws -> [UInt8] {
    let path = temporaryParquetPath()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let output = try ParquetFileOutput(path: path)
    let writer = try ParquetWriter(schema: ParquetSchema(fields: fields), options: options, output: output)
    for row in rows { try writer.write(row: row) }
    try writer.close()
    try output.close()
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// What reading damaged bytes came to: rows, or a format error's message.
enum ReadOutcome {
    case rows([[ParquetValue]])
    case formatError(String)
}

/// Reads every row of `bytes`; a `ParquetFormatError` is an outcome, any other error fails the test.
func readAll(_ bytes: [UInt8], verifyingChecksums: Bool = true) -> ReadOutcome? {
    do {
        return .rows(try ParquetFileReader(bytes: bytes, name: "mutant.parquet", verifyingChecksums: verifyingChecksums).readRows())
    } catch let error as ParquetFormatError {
        return .formatError(error.message)
    } catch {
        Issue.record("not a ParquetFormatError: \(error)")
        return nil
    }
}

/// The message of the format error reading `bytes` throws, or nil when it reads.
func formatError(_ bytes: [UInt8], verifyingChecksums: Bool = true) -> String? {
    if case .formatError(let message) = readAll(bytes, verifyingChecksums: verifyingChecksums) { return message }
    return nil
}

/// Index of the first occurrence of `needle` in `haystack`.
func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
}

@Suite struct ReaderHardeningTests {
    /// Two small files covering every column type, lists, nulls and structs: one uncompressed with dictionary
    /// and PLAIN chunks, one gzip.
    static func corpus() throws -> [(String, [UInt8])] {
        let rows = (0..<40).map(everyTypeRow)
        var plain = ParquetWriterOptions()
        plain.compression = .none
        plain.pageBytes = 256
        plain.rowGroupRows = 25
        var gzip = ParquetWriterOptions()
        gzip.compression = .gzip(level: 6)
        gzip.dictionary = .on
        return [
            ("uncompressed", try parquetBytes(everyTypeFields, rows, options: plain)),
            ("gzip", try parquetBytes(everyTypeFields, rows, options: gzip)),
        ]
    }

    @Test func seededMutationsEitherReadOrThrowAFormatError() throws {
        let seed = ProcessInfo.processInfo.environment["TIKI_MUTATION_SEED"].flatMap(UInt64.init) ?? 20_261_127
        print("ReaderHardeningTests: mutation seed \(seed) (set TIKI_MUTATION_SEED to replay another)")
        var rng = SplitMix64(seed: seed)
        let mutationsPerFile = 1500
        for (label, original) in try Self.corpus() {
            guard case .rows(let expected) = readAll(original) else {
                Issue.record("\(label): the unmutated file does not read")
                continue
            }
            #expect(expected == (0..<40).map(everyTypeRow))
            var errors = 0, reads = 0
            for m in 0..<mutationsPerFile {
                var bytes = original
                switch m % 4 {
                case 0:
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                case 1:
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = [0, 0xFF, 0x7F, 0x80].randomElement(using: &rng)!
                case 2:
                    // Keep the footer's length and magic so the cut lands in pages or the footer itself.
                    let cut = Int.random(in: 1..<min(64, bytes.count - 8), using: &rng)
                    let at = Int.random(in: 4..<(bytes.count - 8 - cut), using: &rng)
                    bytes.removeSubrange(at..<(at + cut))
                default:
                    let length = Int.random(in: 2...16, using: &rng)
                    let at = Int.random(in: 0..<(bytes.count - length), using: &rng)
                    for i in at..<(at + length) { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
                }
                // Checksums stop most damage to page bodies: read without them too, to reach the decoders.
                for verify in [true, false] {
                    switch readAll(bytes, verifyingChecksums: verify) {
                    case .rows: reads += 1
                    case .formatError: errors += 1
                    case nil: Issue.record("\(label): mutation \(m) of seed \(seed)")
                    }
                }
            }
            print("ReaderHardeningTests: \(label): \(reads) reads, \(errors) format errors of \(2 * mutationsPerFile)")
            // Most damage must be noticed, and some (in statistics, unused metadata) is harmless.
            #expect(errors > mutationsPerFile / 2)
            #expect(reads > 0)
        }
    }

    @Test func footerLengthOutsideTheFile() throws {
        var bytes = try parquetBytes([ParquetField(name: "a", type: .int64)], [[.int64(1)]])
        let at = bytes.count - 8
        bytes.replaceSubrange(at..<(at + 4), with: [0xF0, 0xFF, 0xFF, 0xFF])
        let message = try #require(formatError(bytes))
        #expect(message.contains("mutant.parquet"))
        #expect(message.contains("footer length 4294967280"))
    }

    @Test func thriftListOfTwoToTheThirtyOne() {
        // Field 1, a list of structs whose size is the varint 2^31.
        let bytes: [UInt8] = [0x19, 0xFC, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00, 0x00]
        #expect(thriftError(bytes)?.contains("list size 2147483648 exceeds") == true)
    }

    @Test func varintOfTwentyBytes() throws {
        // Field 1 (i32) whose zigzag varint runs on for 20 bytes.
        let bytes: [UInt8] = [0x15] + Array(repeating: 0x80, count: 19) + [0x01, 0x00]
        #expect(thriftError(bytes)?.contains("varint") == true)
        // The tenth byte may only add the top bit.
        let overflow: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x02]
        #expect(throws: ParquetFormatError.self) {
            try overflow.withBytes { raw throws(ParquetFormatError) in
                var c = ByteCursor(raw)
                _ = try c.varint()
            }
        }
        let top: [UInt8] = Array(repeating: 0xFF, count: 9) + [0x01]
        let value = try top.withBytes { raw throws(ParquetFormatError) in
            var c = ByteCursor(raw)
            return try c.varint()
        }
        #expect(value == UInt64.max)
    }

    @Test func thriftNestingIsCapped() {
        // 100 nested struct fields, then their stops.
        let bytes = Array(repeating: UInt8(0x1C), count: 100) + Array(repeating: 0, count: 101)
        #expect(thriftError(bytes)?.contains("nesting") == true)
    }

    @Test func thriftListAndMapNestingIsCapped() {
        // FuzzThrift overflowed the stack on lists of lists: one byte each (a list of one list), so 100,000 of
        // them fit a footer, and only structs counted towards the depth.
        let lists = [UInt8](repeating: 0x19, count: 100_001)
        #expect(thriftError(lists)?.contains("nesting deeper than 32") == true)
        // A map of one entry whose value is a map, and so on: count 1, key type i32 (5), value type map (11).
        let maps: [UInt8] = [0x1B] + (0..<50_000).flatMap { _ in [0x01, 0x5B, 0x02] as [UInt8] }
        #expect(thriftError(maps)?.contains("nesting deeper than 32") == true)
    }

    @Test func rleRunsOfLengthZeroAndHuge() throws {
        // Runs of length 0 produce nothing; the data ends before 5 values.
        let zeros: [UInt8] = [0x00, 0x01, 0x00, 0x01, 0x00, 0x01]
        #expect(rleError(zeros, bitWidth: 1, count: 5)?.contains("data ends after 0 of 5") == true)
        // A run of 2^62 ones gives exactly the values wanted.
        var huge: [UInt8] = []
        RLEHybrid.writeVarint(UInt64(1) << 63, into: &huge)
        huge.append(0x01)
        let decoded = try huge.withBytes { raw throws(ParquetFormatError) in try RLEHybrid.decode(raw, bitWidth: 1, count: 7) }
        #expect(decoded == Array(repeating: 1, count: 7))
        // A bit-packed run claiming 2^59 groups with two bytes behind it (the endless loop at 100% CPU).
        let packed: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xAA, 0xAA]
        #expect(rleError(packed, bitWidth: 1, count: 1_000)?.contains("bytes wanted") == true)
    }

    @Test func definitionLevelAboveTheMaximum() throws {
        // One optional column, ten present values: the definition levels are one RLE run (20 = 10 << 1) of 1.
        let message = try damaged(
            [ParquetField(name: "n", type: .int32)], (0..<10).map { [.int32(Int32($0))] }, dictionary: .off,
            at: [0x02, 0x00, 0x00, 0x00, 0x14, 0x01], offset: 5, to: 0x03)
        #expect(message.contains("row group 0, column n"))
        #expect(message.contains("above the maximum 1"))
    }

    @Test func dictionaryIndexPastTheEnd() throws {
        // Bit width 1, then two RLE runs of 10 (20 = 10 << 1): index 0, index 1.
        let message = try damaged(
            [ParquetField(name: "s", type: .string, nullable: false)], (0..<20).map { [.string($0 < 10 ? "a" : "b")] }, dictionary: .on,
            at: [0x01, 0x14, 0x00, 0x14, 0x01], offset: 4, to: 0x05)
        #expect(message.contains("column s"))
        #expect(message.contains("dictionary indices of 2 values"))
    }

    @Test func truncatedPage() throws {
        var options = ParquetWriterOptions()
        options.compression = .none
        let bytes = try parquetBytes([ParquetField(name: "n", type: .int64, nullable: false)], (0..<50).map { [.int64(Int64($0))] }, options: options)
        // Cut ten bytes off the end of the last page, keeping the footer.
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        let footerStart = bytes.count - 8 - footerLength
        let cut = Array(bytes[..<(footerStart - 10)] + bytes[footerStart...])
        let message = try #require(formatError(cut))
        #expect(message.contains("row group 0, column n: page 0"))
        #expect(message.contains("runs past the column data"))
    }

    @Test func schemaWhoseChildrenDoNotAddUp() throws {
        let leaf = SchemaElement(name: "a", type: .int64, repetition: .optional)
        for (schema, expected) in [
            ([SchemaElement(name: "root", numChildren: 2), leaf], "num_children 2, 1 elements follow"),
            ([SchemaElement(name: "root", numChildren: -1), leaf], "num_children -1"),
            ([SchemaElement(name: "root", numChildren: 1), leaf, leaf], "accounts for 2 of 3 elements"),
            ([SchemaElement(name: "root", numChildren: 1), SchemaElement(name: "g", repetition: .optional, numChildren: 0)], "group g has no children"),
        ] {
            let message = try #require(formatError(fileWithFooter(schema: schema)))
            #expect(message.contains(expected), "\(message)")
        }
    }

    @Test func chunkOffsetsOutsideTheFile() throws {
        // A negative data_page_offset once sent the thrift reader to read before the file (a segfault in release).
        let original = try parquetBytes([ParquetField(name: "a", type: .int64)], [[.int64(1)]])
        let metadata = try ParquetFileReader(bytes: original, name: "t").metadata
        for (offset, dictionaryOffset, expected) in [
            (Int64(-5), nil, "data_page_offset -5 is outside"),
            (Int64(original.count + 100), nil, "data_page_offset \(original.count + 100) is outside"),
            (Int64.max, nil, "data_page_offset \(Int64.max) is outside"),
            (4, Int64(2), "dictionary_page_offset 2 is outside"),
        ] as [(Int64, Int64?, String)] {
            var changed = metadata
            changed.rowGroups[0].columns[0].metaData.dataPageOffset = offset
            changed.rowGroups[0].columns[0].metaData.dictionaryPageOffset = dictionaryOffset
            let message = try #require(formatError(replacingFooter(of: original, with: changed)))
            #expect(message.contains("row group 0, column a: \(expected)"), "\(message)")
        }
        var changed = metadata
        changed.rowGroups[0].columns[0].metaData.numValues = -3
        #expect(formatError(replacingFooter(of: original, with: changed))?.contains("num_values -3") == true)
    }

    @Test func negativePageSizes() throws {
        // A negative compressed_page_size once made a backwards range over the file (a trap).
        let body: [UInt8] = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        for (compressed, uncompressed) in [(Int32(-1), Int32(8)), (8, -8), (Int32.min, 8)] {
            let header = PageHeader(type: .dataPage, uncompressedPageSize: uncompressed, compressedPageSize: compressed,
                                    dataPageHeader: DataPageHeader(numValues: 1, encoding: .plain, definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle))
            let message = readChunk([(header, body)], type: .int64, numValues: 1)
            #expect(message == "page 0: page header at byte 4: page sizes \(compressed)/\(uncompressed) are negative")
        }
    }

    @Test func chunkThatWouldDecodeToGigabytesIsRefused() throws {
        // A 1000-byte string in a dictionary, then one RLE run repeating it two million times: 20 bytes of page
        // that would gather into 2 GB.
        let value = [UInt8](repeating: 0x78, count: 1000)
        let dictionary = [0xE8, 0x03, 0x00, 0x00] + value
        var run: [UInt8] = [0x01]
        RLEHybrid.writeVarint(UInt64(2_000_000) << 1, into: &run)
        run.append(0x00)
        let message = readChunk([
            (PageHeader(type: .dictionaryPage, uncompressedPageSize: Int32(dictionary.count), compressedPageSize: Int32(dictionary.count),
                        dictionaryPageHeader: DictionaryPageHeader(numValues: 1, encoding: .plain)), dictionary),
            (PageHeader(type: .dataPage, uncompressedPageSize: Int32(run.count), compressedPageSize: Int32(run.count),
                        dataPageHeader: DataPageHeader(numValues: 2_000_000, encoding: .rleDictionary, definitionLevelEncoding: .rle,
                                                       repetitionLevelEncoding: .rle)), run),
        ], type: .byteArray, numValues: 2_000_000)
        #expect(message == "page 1: column chunk decodes to more than \(PageReader.maxChunkBytes) bytes")
    }

    // MARK: - Helpers

    /// Reads a required, unnested chunk made of `pages` (each header written before its body); nil when it reads,
    /// else the format error's message.
    private func readChunk(_ pages: [(PageHeader, [UInt8])], type: PhysicalType, numValues: Int64) -> String? {
        var file = Array("PAR1".utf8)
        for (header, body) in pages {
            var writer = ThriftWriter()
            writer.writeStructBody { $0.write(header) }
            file += writer.bytes + body
        }
        let meta = ColumnMetaData(
            type: type, encodings: [.plain, .rleDictionary], pathInSchema: ["c"], codec: .uncompressed, numValues: numValues,
            totalUncompressedSize: Int64(file.count - 4), totalCompressedSize: Int64(file.count - 4), dataPageOffset: 4)
        let descriptor = ColumnDescriptor(path: ["c"], physicalType: type, maxDefinitionLevel: 0, maxRepetitionLevel: 0)
        return message { () throws(ParquetFormatError) in
            _ = try file.withBytes { raw throws(ParquetFormatError) in
                var reader = PageReader(file: raw, descriptor: descriptor, meta: meta, verifiesChecksums: true)
                return try reader.readAll()
            }
        }
    }

    /// The format error of `rows` written uncompressed, after the byte at `offset` into `pattern` is set to `value`
    /// (checksums off, so the damage reaches the decoders).
    private func damaged(
        _ fields: [ParquetField], _ rows: [[ParquetValue]], dictionary: ParquetWriterOptions.DictionaryMode,
        at pattern: [UInt8], offset: Int, to value: UInt8
    ) throws -> String {
        var options = ParquetWriterOptions()
        options.compression = .none
        options.dictionary = dictionary
        var bytes = try parquetBytes(fields, rows, options: options)
        let at = try #require(firstIndex(of: pattern, in: bytes))
        bytes[at + offset] = value
        return try #require(formatError(bytes, verifyingChecksums: false))
    }

    private func thriftError(_ bytes: [UInt8]) -> String? {
        message { () throws(ParquetFormatError) in
            try bytes.withBytes { raw throws(ParquetFormatError) in
                var reader = ThriftReader(raw)
                _ = try reader.readStruct()
            }
        }
    }

    private func rleError(_ bytes: [UInt8], bitWidth: Int, count: Int) -> String? {
        message { () throws(ParquetFormatError) in _ = try bytes.withBytes { raw throws(ParquetFormatError) in try RLEHybrid.decode(raw, bitWidth: bitWidth, count: count) } }
    }

    /// The message of the error `body` throws, or nil when it does not throw.
    private func message(_ body: () throws(ParquetFormatError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.message
        }
    }
}

/// `file`'s pages under the footer of `metadata`.
func replacingFooter(of file: [UInt8], with metadata: FileMetaData) -> [UInt8] {
    let footerLength = Int(file[file.count - 8]) | Int(file[file.count - 7]) << 8 | Int(file[file.count - 6]) << 16
    let pages = Array(file[..<(file.count - 8 - footerLength)])
    return pages + Array(fileWithFooter(metadata).dropFirst(4))
}

/// A file with no pages, only `PAR1`, the footer of `metadata` and its length.
func fileWithFooter(_ metadata: FileMetaData) -> [UInt8] {
    var writer = ThriftWriter()
    writer.writeStructBody { $0.write(metadata) }
    let footer = writer.bytes
    let length = UInt32(footer.count)
    return Array("PAR1".utf8) + footer + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * UInt32($0))) } + Array("PAR1".utf8)
}

/// A file with no pages or row groups whose footer holds `schema`.
func fileWithFooter(schema: [SchemaElement]) -> [UInt8] {
    fileWithFooter(FileMetaData(version: 1, schema: schema, numRows: 0, rowGroups: [], keyValueMetadata: [], createdBy: nil,
                                columnOrdersWritten: false))
}
