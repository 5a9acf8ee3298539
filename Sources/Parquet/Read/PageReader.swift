/// The pages of one column chunk, each header and payload checked against the chunk's bounds, sizes, counts and
/// checksum before it is decoded; levels and values are concatenated and dictionary indices resolved.
struct PageReader {
    /// The file's bytes up to the footer: no page may reach past them.
    let file: UnsafeRawBufferPointer
    let descriptor: ColumnDescriptor
    let meta: ColumnMetaData
    let verifiesChecksums: Bool

    private var definitions: [UInt8] = []
    private var repetitions: [UInt8] = []
    private var values: ColumnValues
    private var dictionary: ColumnValues?
    private var entries = 0
    /// Bytes of levels and values decoded so far, against `maxChunkBytes`.
    private var decodedBytes = 0

    /// Pages may run this far past total_compressed_size: some writers leave a header out of it.
    static let chunkSizeSlack = 64
    /// No page inflates past this, whatever its header says.
    static let maxPageBytes = 1 << 30
    /// A chunk's levels and values decode to at most this. Counts in headers are not backed by bytes (one RLE run
    /// or dictionary index stands for any number of values), so without a cap a few changed bytes could ask for
    /// terabytes; the reader holds whole row groups in memory, so a real chunk this large could not be read anyway.
    static let maxChunkBytes = 1 << 30

    init(file: UnsafeRawBufferPointer, descriptor: ColumnDescriptor, meta: ColumnMetaData, verifiesChecksums: Bool) {
        self.file = file
        self.descriptor = descriptor
        self.meta = meta
        self.verifiesChecksums = verifiesChecksums
        values = .empty(descriptor.physicalType)
    }

    mutating func readAll() throws(ParquetFormatError) -> ColumnChunkData {
        guard meta.type == descriptor.physicalType else {
            throw ParquetFormatError("column chunk of type \(meta.type), the schema says \(descriptor.physicalType)")
        }
        let numValues = try Checked.int(meta.numValues, min: 0, "num_values")
        // Pages lie between the leading magic and the footer.
        var start = try Checked.int(meta.dataPageOffset, min: 4, max: file.count - 1, "data_page_offset")
        if let d = meta.dictionaryPageOffset, d > 0, d < start {
            start = try Checked.int(d, min: 4, max: file.count - 1, "dictionary_page_offset")
        }
        let chunkSize = try Checked.int(meta.totalCompressedSize, min: 0, "total_compressed_size")
        // Where page headers may start: the chunk's end with some slack, and never past the column data.
        let limit = chunkSize >= file.count - start ? file.count : min(file.count, start + chunkSize + Self.chunkSizeSlack)
        var position = start
        var page = 0
        while entries < numValues {
            guard position < limit, position > 0 else {
                throw ParquetFormatError("pages end after \(entries) of \(numValues) values")
            }
            do throws(ParquetFormatError) {
                try readPage(at: &position, remainingValues: numValues - entries)
            } catch {
                throw error.located("page \(page)")
            }
            page += 1
        }
        return ColumnChunkData(definitionLevels: definitions, repetitionLevels: repetitions, values: values)
    }

    /// Reads the page at `position` and moves past it.
    private mutating func readPage(at position: inout Int, remainingValues: Int) throws(ParquetFormatError) {
        var thrift = ThriftReader(file, at: position)
        let header: PageHeader
        do throws(ParquetFormatError) {
            header = try PageHeader(try thrift.readStruct())
        } catch {
            throw error.located("page header at byte \(position)")
        }
        let bodyStart = thrift.position
        let bodyLength = Int(header.compressedPageSize)
        guard bodyLength <= file.count - bodyStart else {
            throw ParquetFormatError("page of \(bodyLength) bytes at byte \(bodyStart) runs past the column data (\(file.count) bytes)")
        }
        let body = UnsafeRawBufferPointer(rebasing: file[bodyStart..<(bodyStart + bodyLength)])
        position = bodyStart + bodyLength
        if verifiesChecksums, let crc = header.crc {
            let actual = PageChecksum.crc32(body)
            guard actual == UInt32(bitPattern: crc) else {
                throw ParquetFormatError("page checksum mismatch: the header says crc \(hex(UInt32(bitPattern: crc))), the page bytes give \(hex(actual))")
            }
        }
        switch header.type {
        case .dictionaryPage:
            guard dictionary == nil else { throw ParquetFormatError("a second dictionary page") }
            guard let dictionaryHeader = header.dictionaryPageHeader else { throw ParquetFormatError("dictionary page without its header") }
            let payload = try decompress(body, size: Int(header.uncompressedPageSize))
            let count = Int(dictionaryHeader.numValues)
            dictionary = try payload.withBytes { bytes throws(ParquetFormatError) in
                try PlainEncoding.decode(bytes, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count).0
            }
        case .dataPage:
            guard let page = header.dataPageHeader else { throw ParquetFormatError("data page without its header") }
            let n = Int(page.numValues)
            try admitDataPage(values: n, remainingValues: remainingValues)
            let payload = try decompress(body, size: Int(header.uncompressedPageSize))
            try payload.withBytes { bytes throws(ParquetFormatError) in
                var cursor = ByteCursor(bytes)
                let pageRepetitions = try levels(&cursor, maxLevel: descriptor.maxRepetitionLevel, count: n, prefixed: true)
                let pageDefinitions = try levels(&cursor, maxLevel: descriptor.maxDefinitionLevel, count: n, prefixed: true)
                try append(pageRepetitions, pageDefinitions, count: n, values: cursor.takeUpTo(cursor.remaining), encoding: page.encoding)
            }
        case .dataPageV2:
            guard let page = header.dataPageHeaderV2 else { throw ParquetFormatError("data page v2 without its header") }
            let n = Int(page.numValues)
            try admitDataPage(values: n, remainingValues: remainingValues)
            guard page.numNulls <= page.numValues else { throw ParquetFormatError("v2 page: \(page.numNulls) nulls of \(n) values") }
            // v2 keeps the levels uncompressed, without length prefixes, ahead of the (maybe compressed) values.
            var cursor = ByteCursor(body)
            var repetitionBlock = ByteCursor(try cursor.take(Int(page.repetitionLevelsByteLength)))
            var definitionBlock = ByteCursor(try cursor.take(Int(page.definitionLevelsByteLength)))
            let pageRepetitions = try levels(&repetitionBlock, maxLevel: descriptor.maxRepetitionLevel, count: n, prefixed: false)
            let pageDefinitions = try levels(&definitionBlock, maxLevel: descriptor.maxDefinitionLevel, count: n, prefixed: false)
            let rest = cursor.takeUpTo(cursor.remaining)
            let size = Int(header.uncompressedPageSize) - Int(page.repetitionLevelsByteLength) - Int(page.definitionLevelsByteLength)
            guard size >= 0 else { throw ParquetFormatError("v2 page: levels longer than uncompressed_page_size") }
            let payload = page.isCompressed ? try decompress(rest, size: size) : Array(rest)
            try payload.withBytes { bytes throws(ParquetFormatError) in
                try append(pageRepetitions, pageDefinitions, count: n, values: bytes, encoding: page.encoding,
                           declaredPresent: n - Int(page.numNulls))
            }
        case .indexPage:
            break
        }
    }

    /// One page's levels: RLE/bit-packed hybrid, behind a 4-byte length in v1 pages; none when the maximum is 0.
    private func levels(_ cursor: inout ByteCursor, maxLevel: Int, count: Int, prefixed: Bool) throws(ParquetFormatError) -> [UInt8] {
        guard maxLevel > 0 else { return [] }
        let block = prefixed ? try cursor.take(Int(try cursor.uint32LE())) : cursor.takeUpTo(cursor.remaining)
        return try RLEHybrid.decode(block, bitWidth: RLEHybrid.bitWidth(forMax: maxLevel), count: count, maxValue: UInt32(maxLevel))
            .map { UInt8(truncatingIfNeeded: $0) }
    }

    /// Adds one data page: its levels, and exactly as many values as its definition levels say are present.
    private mutating func append(
        _ pageRepetitions: [UInt8], _ pageDefinitions: [UInt8], count n: Int, values bytes: UnsafeRawBufferPointer,
        encoding: Encoding, declaredPresent: Int? = nil
    ) throws(ParquetFormatError) {
        // Rows do not span pages, so a page starts a row.
        if let first = pageRepetitions.first, first != 0 {
            throw ParquetFormatError("page starts inside a row (repetition level \(first))")
        }
        let maxDefinition = UInt8(descriptor.maxDefinitionLevel)
        let present = descriptor.maxDefinitionLevel > 0 ? pageDefinitions.reduce(0) { $0 + ($1 == maxDefinition ? 1 : 0) } : n
        if let declaredPresent, declaredPresent != present {
            throw ParquetFormatError("page says \(declaredPresent) non-null values, its definition levels \(present)")
        }
        try decodeValues(bytes, encoding: encoding, count: present)
        repetitions += pageRepetitions
        definitions += pageDefinitions
        entries += n
    }

    private mutating func decodeValues(_ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int) throws(ParquetFormatError) {
        guard count > 0 else { return }
        switch encoding {
        case .plain:
            let (decoded, consumed) = try PlainEncoding.decode(bytes, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count)
            try charge(consumed)
            values.append(decoded)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else { throw ParquetFormatError("dictionary-encoded page without a dictionary page") }
            guard dictionary.count > 0 else { throw ParquetFormatError("dictionary-encoded page with an empty dictionary") }
            var cursor = ByteCursor(bytes)
            let width = Int(try cursor.byte())
            let indices: [UInt32]
            do throws(ParquetFormatError) {
                indices = try RLEHybrid.decode(cursor.takeUpTo(cursor.remaining), bitWidth: width, count: count,
                                               maxValue: UInt32(clamping: dictionary.count - 1))
            } catch {
                throw ParquetFormatError("dictionary indices of \(dictionary.count) values: \(error.message)")
            }
            try charge(dictionary.gatheredBytes(indices))
            values.append(dictionary.gather(indices))
        case .byteStreamSplit:
            try charge(bytes.count)
            values.append(try ByteStreamSplit.decode(bytes, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count))
        default:
            throw ParquetFormatError("encoding \(encoding) is not supported by this reader")
        }
    }

    /// A data page may hold no more values than the chunk has left, and pays for decoding them up front.
    private mutating func admitDataPage(values n: Int, remainingValues: Int) throws(ParquetFormatError) {
        guard n <= remainingValues else {
            throw ParquetFormatError("page holds \(n) values, the chunk's num_values leaves \(remainingValues)")
        }
        // Each entry decodes through a 4-byte level or index before it is stored.
        try charge(4 * n)
    }

    private mutating func charge(_ bytes: Int) throws(ParquetFormatError) {
        decodedBytes = decodedBytes.addingReportingOverflow(bytes).partialValue
        guard decodedBytes >= 0, decodedBytes <= Self.maxChunkBytes else {
            throw ParquetFormatError("column chunk decodes to more than \(Self.maxChunkBytes) bytes")
        }
    }

    /// Inflates a page to the `size` its header gives, refusing sizes the compressed bytes could not produce.
    private func decompress(_ body: UnsafeRawBufferPointer, size: Int) throws(ParquetFormatError) -> [UInt8] {
        guard size >= 0, size <= Self.maxPageBytes else { throw ParquetFormatError("uncompressed_page_size \(size) is out of range") }
        if let ratio = Self.maxExpansion[meta.codec] {
            let bound = body.count.multipliedReportingOverflow(by: ratio).partialValue.addingReportingOverflow(1024).partialValue
            guard size <= bound else {
                throw ParquetFormatError("uncompressed_page_size \(size) is more than \(meta.codec) can make of \(body.count) bytes")
            }
        }
        do {
            switch meta.codec {
            case .uncompressed: return Array(body)
            case .gzip: return try Gzip.decompress(body, size: size)
            case .snappy: return try Snappy.decompress(body, size: size)
            case .zstd: return try Zstd.decompress(body, size: size)
            default: throw ParquetFormatError("codec \(meta.codec) is not supported by this reader (GZIP, SNAPPY, ZSTD and UNCOMPRESSED are)")
            }
        } catch let error as ParquetFormatError {
            throw error
        } catch {
            throw ParquetFormatError("\(meta.codec): \(error)")
        }
    }

    /// The most a codec can expand its input: deflate about 1032:1, Snappy 64 bytes from a 3-byte copy.
    static let maxExpansion: [CompressionCodec: Int] = [.uncompressed: 1, .gzip: 1032, .snappy: 22]

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
