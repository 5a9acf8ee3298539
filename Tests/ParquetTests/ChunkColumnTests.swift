import SeededRandom
import Testing
@testable import Parquet

/// A row group's column as slices of several buffers (`ChunkColumn`) against the same rows in one buffer.
@Suite struct ChunkColumnTests {
    static let descriptor = ColumnDescriptor(path: ["tags", "list", "element"], physicalType: .byteArray,
                                             maxDefinitionLevel: 2, maxRepetitionLevel: 1)

    /// One row of a list of strings: nil for a null list.
    typealias Row = [String]?

    func randomRow(_ random: inout SplitMix64) -> Row {
        switch random.next() % 6 {
        case 0: nil
        case 1: []
        default: (0..<Int(1 + random.next() % 4)).map { _ in "v\(random.next() % 50)" }
        }
    }

    func append(_ row: Row, to buffer: inout ColumnBuffer) {
        guard let row else { return buffer.appendNull(repetition: 0, definition: 0) }
        if row.isEmpty { return buffer.appendNull(repetition: 0, definition: 1) }
        for (k, text) in row.enumerated() {
            Array(text.utf8).withUnsafeBufferPointer { buffer.appendBytes($0, repetition: k == 0 ? 0 : 1) }
        }
    }

    /// The strings of `slices`, in order.
    func strings(_ slices: [ColumnValues.Slice]) -> [String] {
        slices.flatMap { slice -> [String] in
            guard case .bytes(let b) = slice.values else { return [] }
            return slice.range.map { String(decoding: b[$0], as: UTF8.self) }
        }
    }

    @Test(arguments: 0..<20)
    func slicesReadAndDraftAsOneBuffer(round: Int) throws {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("ChunkColumnTests round \(round) seed \(seed)")
        var random = SplitMix64(seed: seed)
        var whole = ColumnBuffer(descriptor: Self.descriptor)
        var column = ChunkColumn(descriptor: Self.descriptor)
        for _ in 0..<(1 + random.next() % 8) {
            // Each slice lies in a buffer of its own, between rows the column does not take.
            var buffer = ColumnBuffer(descriptor: Self.descriptor)
            for _ in 0..<(random.next() % 3) { append(randomRow(&random), to: &buffer) }
            let start = (entries: buffer.entryCount, values: buffer.valueCount)
            for _ in 0..<(random.next() % 12) {
                let row = randomRow(&random)
                append(row, to: &buffer)
                append(row, to: &whole)
            }
            let end = (entries: buffer.entryCount, values: buffer.valueCount)
            for _ in 0..<(random.next() % 3) { append(randomRow(&random), to: &buffer) }
            column.append(buffer, entries: start.entries..<end.entries, values: start.values..<end.values)
        }
        #expect(column.entryCount == whole.entryCount, "seed \(seed)")
        #expect(column.valueCount == whole.valueCount, "seed \(seed)")
        #expect(column.nullCount == whole.nullCount, "seed \(seed)")
        #expect(column.valueBytes == whole.valueBytes, "seed \(seed)")
        guard case .bytes(let all) = whole.values else { Issue.record("not bytes"); return }
        #expect(strings(column.values) == (0..<all.count).map { String(decoding: all[$0], as: UTF8.self) }, "seed \(seed)")

        for _ in 0..<50 {
            let a = Int(random.next() % UInt64(whole.entryCount + 1)), b = Int(random.next() % UInt64(whole.entryCount + 1))
            let entries = min(a, b)..<max(a, b)
            #expect(Array(column.definitionLevels(entries)) == Array(whole.definitionLevels[entries]), "seed \(seed)")
            #expect(Array(column.repetitionLevels(entries)) == Array(whole.repetitionLevels[entries]), "seed \(seed)")
            let c = Int(random.next() % UInt64(whole.valueCount + 1)), d = Int(random.next() % UInt64(whole.valueCount + 1))
            let values = min(c, d)..<max(c, d)
            #expect(strings(column.values(values)) == values.map { String(decoding: all[$0], as: UTF8.self) }, "seed \(seed)")
        }

        // Drafted with small pages, which then span slices: the same pages as from one buffer.
        guard whole.entryCount > 0 else { return }
        var options = ParquetWriterOptions()
        options.pageBytes = 40
        for mode in [ParquetWriterOptions.DictionaryMode.off, .on] {
            options.dictionary = mode
            let encoder = ColumnChunkEncoder(options: options, buffers: ByteBufferPool())
            var single = ChunkColumn(descriptor: Self.descriptor)
            single.append(whole, entries: 0..<whole.entryCount, values: 0..<whole.valueCount)
            let expected = encoder.draft(single), drafted = encoder.draft(column)
            #expect(drafted.pages.map(\.payload) == expected.pages.map(\.payload), "seed \(seed), \(mode)")
            #expect(drafted.pages.map(\.header.dataPageHeader?.numValues) == expected.pages.map(\.header.dataPageHeader?.numValues))
            #expect(drafted.statistics == expected.statistics, "seed \(seed), \(mode)")
            #expect(drafted.numValues == whole.entryCount)
        }
    }
}
