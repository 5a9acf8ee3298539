/// How a writer encodes and compresses.
public struct ParquetWriterOptions: Sendable {
    public enum Compression: Sendable, Equatable {
        case none
        /// GZIP at a libdeflate level 1...12 (1...9 as in zlib; 10-12 search harder).
        case gzip(level: Int)
        /// ZSTD at a level 1...22 (3 is zstd's and polars' default).
        case zstd(level: Int)
        case snappy

        /// The codec recorded in the column chunk metadata.
        public var codec: CompressionCodec {
            switch self {
            case .none: .uncompressed
            case .gzip: .gzip
            case .zstd: .zstd
            case .snappy: .snappy
            }
        }
    }

    public enum DictionaryMode: String, Sendable, CaseIterable {
        /// Dictionary-encode a chunk when it stays under the limit and is smaller than PLAIN.
        case auto
        /// Dictionary-encode whenever the dictionary stays under the limit.
        case on
        case off
    }

    public var compression = Compression.gzip(level: 6)
    public var dictionary = DictionaryMode.auto
    /// Dictionaries larger than this fall back to PLAIN (Arrow C++, arrow-rs and parquet-java use 1 MiB).
    public var dictionaryPageLimit = 1 << 20
    /// Target size of a data page before compression.
    public var pageBytes = 1 << 20
    /// A row group closes at this many rows…
    public var rowGroupRows = 1_000_000
    /// …or at this many bytes of PLAIN-encoded values, whichever comes first (32 MiB keeps peak RSS near 100 MB
    /// for our batches, flat as the input grows; larger groups bought no compression, see benchmarks/RESULTS.md).
    public var rowGroupBytes = 32 << 20
    /// Written as `created_by` (`<app> version <semver> (build <hash>)`): by default the library names itself, as
    /// arrow-rs writes `parquet-rs version …`; an application passes its own.
    public var createdBy = "parquet-swift version 0.1.0"
    public var keyValueMetadata: [String: String] = [:]

    public init() {}
}

/// One column chunk, encoded, with offsets relative to its first byte.
struct EncodedChunk: Sendable {
    var bytes: [UInt8] = []
    var dictionaryPageOffset: Int?
    var dataPageOffset = 0
    var numValues = 0
    var totalUncompressedSize = 0
    var encodings: [Encoding] = []
    var statistics = Statistics()
    var codec = CompressionCodec.uncompressed
}

/// Encodes a column buffer into a dictionary page (maybe) and data pages that end on row boundaries.
///
/// GZIP pages are plain libdeflate at the chosen level. The zlib writer this replaced sampled each column's
/// first page with zlib's default and 'filtered' strategies and kept the smaller. libdeflate has no strategies;
/// at level 6 it matches zlib-filtered where filtering paid (image URLs: 1.520 vs 1.518 MB from 5.5 MB, zlib's
/// default 1.691) at 1.7-1.8× zlib's speed (1 MiB PLAIN pages of the offline job's first 6,000 records, CPU
/// time, same process). The whole 198,982-record file comes out at 65.0 MB against 64.7 MB with zlib and the
/// sampling (polars: 68.2 MB), so the sampling was dropped rather than ported.
struct ColumnChunkEncoder: Sendable {
    let options: ParquetWriterOptions
    let compressors: PageCompressor.Pool

    /// A page's bytes before and after compression, reused from page to page of a chunk.
    private struct PageScratch {
        let compressor: PageCompressor
        var payload: [UInt8] = []
        var compressed: [UInt8] = []
    }

    init(options: ParquetWriterOptions, compressors: PageCompressor.Pool) {
        self.options = options
        self.compressors = compressors
    }

    /// Encodes one chunk.
    func encode(_ column: ColumnBuffer) throws -> EncodedChunk {
        let descriptor = column.descriptor
        var chunk = EncodedChunk()
        let compressor = try compressors.take()
        defer { compressors.give(compressor) }
        var scratch = PageScratch(compressor: compressor)
        chunk.numValues = column.entryCount
        chunk.codec = options.compression.codec
        let values = column.values
        chunk.statistics = StatisticsBuilder.statistics(for: values, nullCount: column.nullCount, descriptor: descriptor)

        var dictionary: DictionaryEncoded?
        if options.dictionary != .off, let built = DictionaryEncoder.build(values, limit: options.dictionaryPageLimit) {
            let indexBytes = (built.indices.count * built.bitWidth + 7) / 8
            if options.dictionary == .on || built.dictionaryBytes + indexBytes < column.valueBytes * 9 / 10 {
                dictionary = built
            }
        }

        if let dictionary {
            PlainEncoding.encode(dictionary.dictionary, range: 0..<dictionary.dictionary.count, into: &scratch.payload)
            chunk.dictionaryPageOffset = 0
            try appendPage(
                &scratch,
                header: { size, compressed in
                    PageHeader(type: .dictionaryPage, uncompressedPageSize: size, compressedPageSize: compressed,
                               dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.dictionary.count), encoding: .plain))
                }, to: &chunk)
        }
        chunk.dataPageOffset = chunk.bytes.count

        // Page boundaries: whole rows, about pageBytes of values each.
        let hasLevels = descriptor.maxDefinitionLevel > 0
        let perValue: (Int) -> Int
        if let dictionary {
            let width = dictionary.bitWidth
            perValue = { _ in (width + 7) / 8 }
        } else if case .bytes(let b) = values {
            perValue = { 4 + b.length($0) }
        } else {
            let width = max(1, column.valueCount > 0 ? column.valueBytes / column.valueCount : 1)
            perValue = { _ in width }
        }
        var entryStart = 0
        var valueStart = 0
        var entry = 0
        var valueIndex = 0
        var pageBytes = 0
        while entry < column.entryCount {
            let isValue = !hasLevels || column.definitionLevels[entry] == descriptor.maxDefinitionLevel
            if isValue {
                pageBytes += perValue(valueIndex)
                valueIndex += 1
            } else {
                pageBytes += 1
            }
            entry += 1
            let atRowBoundary = entry == column.entryCount
                || descriptor.maxRepetitionLevel == 0 || column.repetitionLevels[entry] == 0
            if atRowBoundary, pageBytes >= options.pageBytes || entry == column.entryCount {
                try appendDataPage(column, values, entries: entryStart..<entry, valueRange: valueStart..<valueIndex, dictionary: dictionary, scratch: &scratch, to: &chunk)
                entryStart = entry
                valueStart = valueIndex
                pageBytes = 0
            }
        }

        var encodings: [Encoding] = [.plain]
        if descriptor.maxDefinitionLevel > 0 || descriptor.maxRepetitionLevel > 0 { encodings.append(.rle) }
        if dictionary != nil { encodings.append(.rleDictionary) }
        chunk.encodings = encodings
        return chunk
    }

    private func appendDataPage(
        _ column: ColumnBuffer, _ values: ColumnValues, entries: Range<Int>, valueRange: Range<Int>, dictionary: DictionaryEncoded?,
        scratch: inout PageScratch, to chunk: inout EncodedChunk
    ) throws {
        let descriptor = column.descriptor
        if descriptor.maxRepetitionLevel > 0 {
            appendLevels(column.repetitionLevels[entries], maxLevel: descriptor.maxRepetitionLevel, to: &scratch.payload)
        }
        if descriptor.maxDefinitionLevel > 0 {
            appendLevels(column.definitionLevels[entries], maxLevel: descriptor.maxDefinitionLevel, to: &scratch.payload)
        }
        let encoding: Encoding
        if let dictionary {
            encoding = .rleDictionary
            scratch.payload.append(UInt8(dictionary.bitWidth))
            RLEHybrid.encode(dictionary.indices[valueRange], bitWidth: dictionary.bitWidth, into: &scratch.payload)
        } else {
            encoding = .plain
            PlainEncoding.encode(values, range: valueRange, into: &scratch.payload)
        }
        try appendPage(
            &scratch,
            header: { size, compressed in
                PageHeader(type: .dataPage, uncompressedPageSize: size, compressedPageSize: compressed,
                           dataPageHeader: DataPageHeader(numValues: Int32(entries.count), encoding: encoding,
                                                          definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle))
            }, to: &chunk)
    }

    private func appendLevels(_ levels: ArraySlice<UInt8>, maxLevel: Int, to payload: inout [UInt8]) {
        let lengthAt = payload.count
        payload.append(contentsOf: [0, 0, 0, 0])
        RLEHybrid.encode(levels, bitWidth: RLEHybrid.bitWidth(forMax: maxLevel), into: &payload)
        let length = UInt32(payload.count - lengthAt - 4)
        for b in 0..<4 { payload[lengthAt + b] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(b))) }
    }

    /// Appends the page in `scratch.payload`, compressed, after its header; leaves the scratch empty.
    private func appendPage(_ scratch: inout PageScratch, header: (Int32, Int32) -> PageHeader, to chunk: inout EncodedChunk) throws {
        let payloadCount = scratch.payload.count
        var writer = ThriftWriter()
        let compressedCount = try scratch.payload.withUnsafeBytes { try scratch.compressor.compress($0, into: &scratch.compressed) }
        if let compressedCount {
            let stored = scratch.compressed[..<compressedCount]
            writer.writeStructBody { $0.write(header(Int32(payloadCount), Int32(compressedCount)).checksummed(stored)) }
            chunk.bytes.append(contentsOf: writer.bytes)
            chunk.bytes.append(contentsOf: stored)
        } else {
            writer.writeStructBody { $0.write(header(Int32(payloadCount), Int32(payloadCount)).checksummed(scratch.payload)) }
            chunk.bytes.append(contentsOf: writer.bytes)
            chunk.bytes.append(contentsOf: scratch.payload)
        }
        chunk.totalUncompressedSize += writer.bytes.count + payloadCount
        scratch.payload.removeAll(keepingCapacity: true)
    }
}
