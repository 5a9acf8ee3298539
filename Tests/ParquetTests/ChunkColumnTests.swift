import SeededRandom
import Testing
@testable import Parquet

/// A row group's column as slices of several buffers (`ChunkColumn`) against the same rows in one buffer.
@Suite struct ChunkColumnTests {
    /// The columns tried: a list of strings (levels of both kinds), and optional booleans and doubles, whose
    /// PLAIN bits, NaNs and signed zeros must come out as from one buffer.
    enum Kind: CaseIterable, Sendable {
        case stringList, boolean, double

        var descriptor: ColumnDescriptor {
            switch self {
            case .stringList: ColumnDescriptor(path: ["tags", "list", "element"], physicalType: .byteArray, maxDefinitionLevel: 2, maxRepetitionLevel: 1)
            case .boolean: ColumnDescriptor(path: ["flag"], physicalType: .boolean, maxDefinitionLevel: 1, maxRepetitionLevel: 0)
            case .double: ColumnDescriptor(path: ["score"], physicalType: .double, maxDefinitionLevel: 1, maxRepetitionLevel: 0)
            }
        }
    }

    enum Row {
        case null, emptyList, strings([String]), boolean(Bool), double(Double)
    }

    func randomRow(_ kind: Kind, _ random: inout SplitMix64) -> Row {
        if random.next() % 5 == 0 { return .null }
        switch kind {
        case .stringList:
            if random.next() % 5 == 0 { return .emptyList }
            return .strings((0..<Int(1 + random.next() % 4)).map { _ in "v\(random.next() % 50)" })
        case .boolean: return .boolean(random.next() % 2 == 0)
        case .double: return .double([-0.0, 0.0, .nan, 1.5, -2, Double(random.next() % 1000) / 8][Int(random.next() % 6)])
        }
    }

    func append(_ row: Row, to buffer: inout ColumnBuffer) {
        switch row {
        case .null: buffer.appendNull(repetition: 0, definition: 0)
        case .emptyList: buffer.appendNull(repetition: 0, definition: 1)
        case .strings(let texts):
            for (k, text) in texts.enumerated() {
                Array(text.utf8).withUnsafeBufferPointer { buffer.appendBytes($0, repetition: k == 0 ? 0 : 1) }
            }
        case .boolean(let b): buffer.appendBoolean(b, repetition: 0)
        case .double(let d): buffer.appendDouble(d, repetition: 0)
        }
    }

    /// The values of `slices`, in order, as text that tells every bit apart.
    func described(_ slices: [ColumnValues.Slice]) -> [String] {
        slices.flatMap { slice -> [String] in
            switch slice.values {
            case .bytes(let b): slice.range.map { String(decoding: b[$0], as: UTF8.self) }
            case .boolean(let v): v[slice.range].map { "\($0)" }
            case .double(let v): v[slice.range].map { "\($0.bitPattern)" }
            default: []
            }
        }
    }

    @Test(arguments: Kind.allCases, 0..<8)
    func slicesReadAndDraftAsOneBuffer(kind: Kind, round: Int) throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("ChunkColumnTests \(kind) round \(round) seed \(seed)")
        var random = SplitMix64(seed: seed)
        let descriptor = kind.descriptor
        var whole = ColumnBuffer(descriptor: descriptor)
        var column = ChunkColumn(descriptor: descriptor)
        for _ in 0..<(1 + random.next() % 8) {
            // Each slice lies in a buffer of its own, between rows the column does not take.
            var buffer = ColumnBuffer(descriptor: descriptor)
            for _ in 0..<(random.next() % 3) { append(randomRow(kind, &random), to: &buffer) }
            let start = (entries: buffer.entryCount, values: buffer.valueCount)
            for _ in 0..<(random.next() % 14) {
                let row = randomRow(kind, &random)
                append(row, to: &buffer)
                append(row, to: &whole)
            }
            let end = (entries: buffer.entryCount, values: buffer.valueCount)
            for _ in 0..<(random.next() % 3) { append(randomRow(kind, &random), to: &buffer) }
            column.append(buffer, entries: start.entries..<end.entries, values: start.values..<end.values)
        }
        #expect(column.entryCount == whole.entryCount, "seed \(seed)")
        #expect(column.valueCount == whole.valueCount, "seed \(seed)")
        #expect(column.nullCount == whole.nullCount, "seed \(seed)")
        #expect(column.valueBytes == whole.valueBytes, "seed \(seed)")
        let all = ColumnValues.Slice(whole.values)
        #expect(described(column.allValues) == described([all]), "seed \(seed)")

        for _ in 0..<50 {
            let a = Int(random.next() % UInt64(whole.entryCount + 1)), b = Int(random.next() % UInt64(whole.entryCount + 1))
            let entries = min(a, b)..<max(a, b)
            #expect(Array(column.definitionLevels(entries)) == Array(whole.definitionLevels[entries]), "seed \(seed)")
            if descriptor.maxRepetitionLevel > 0 {
                #expect(Array(column.repetitionLevels(entries)) == Array(whole.repetitionLevels[entries]), "seed \(seed)")
            }
            let c = Int(random.next() % UInt64(whole.valueCount + 1)), d = Int(random.next() % UInt64(whole.valueCount + 1))
            let values = min(c, d)..<max(c, d)
            #expect(described(column.values(values)) == described([ColumnValues.Slice(values: whole.values, range: values)]), "seed \(seed)")
        }

        // Drafted with small pages, which then span slices: the same pages as from one buffer.
        guard whole.entryCount > 0 else { return }
        var options = ParquetWriterOptions()
        options.pageBytes = 24
        for mode in [ParquetWriterOptions.DictionaryMode.off, .on] {
            options.dictionary = mode
            let encoder = ColumnChunkEncoder(options: options, buffers: ByteBufferPool())
            var single = ChunkColumn(descriptor: descriptor)
            single.append(whole, entries: 0..<whole.entryCount, values: 0..<whole.valueCount)
            let expected = encoder.draft(single), drafted = encoder.draft(column)
            #expect(drafted.pages.count == expected.pages.count, "seed \(seed), \(mode)")
            #expect(drafted.pages.map(\.payload) == expected.pages.map(\.payload), "seed \(seed), \(mode)")
            #expect(drafted.pages.map(\.header.dataPageHeader?.numValues) == expected.pages.map(\.header.dataPageHeader?.numValues))
            #expect(drafted.statistics == expected.statistics, "seed \(seed), \(mode)")
            #expect(drafted.numValues == whole.entryCount)
        }
    }
}
