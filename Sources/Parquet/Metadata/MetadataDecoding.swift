// Decoding from Thrift.
//
// Every number is checked to fit its field's type; whether it makes sense (sizes, offsets, counts) is checked
// where it is used, by the reader, which knows the file's size.

extension FileMetaData {
    init(_ s: ThriftStruct) throws(ParquetFormatError) {
        typealias F = FileMetaData.Field
        guard let version = try s.integer(F.version, as: Int32.self, "version"), let schema = s[F.schema]?.list,
            let numRows = s[F.numRows]?.int, let groups = s[F.rowGroups]?.list
        else { throw ParquetFormatError("FileMetaData lacks a required field") }
        self.version = version
        self.schema = []
        self.schema.reserveCapacity(schema.count)
        for element in schema { self.schema.append(try SchemaElement(element.structValue ?? ThriftStruct())) }
        self.numRows = numRows
        rowGroups = []
        rowGroups.reserveCapacity(groups.count)
        for group in groups { rowGroups.append(try RowGroup(group.structValue ?? ThriftStruct())) }
        keyValueMetadata = (s[F.keyValueMetadata]?.list ?? []).compactMap { $0.structValue }.compactMap { kv in
            kv[KeyValue.Field.key]?.string.map { KeyValue(key: $0, value: kv[KeyValue.Field.value]?.string) }
        }
        createdBy = s[F.createdBy]?.string
        columnOrdersWritten = s[F.columnOrders] != nil
    }
}

extension SchemaElement {
    init(_ s: ThriftStruct) throws(ParquetFormatError) {
        typealias F = SchemaElement.Field
        guard let name = s[F.name]?.string else { throw ParquetFormatError("SchemaElement without a name") }
        self.name = name
        if let raw = try s.integer(F.type, as: Int32.self, "schema \(name): type") {
            guard let type = PhysicalType(rawValue: raw) else { throw ParquetFormatError("schema \(name): unknown type \(raw)") }
            self.type = type
        }
        typeLength = try s.integer(F.typeLength, as: Int32.self, "schema \(name): type_length")
        if let raw = try s.integer(F.repetitionType, as: Int32.self, "schema \(name): repetition_type") {
            guard let repetition = Repetition(rawValue: raw) else { throw ParquetFormatError("schema \(name): unknown repetition \(raw)") }
            self.repetition = repetition
        }
        numChildren = try s.integer(F.numChildren, as: Int32.self, "schema \(name): num_children")
        convertedType = try s.integer(F.convertedType, as: Int32.self, "schema \(name): converted_type")
        scale = try s.integer(F.scale, as: Int32.self, "schema \(name): scale")
        precision = try s.integer(F.precision, as: Int32.self, "schema \(name): precision")
        if let logical = s[F.logicalType]?.structValue, let (id, value) = logical.fields.first {
            logicalType = try LogicalType(id: id, value.structValue ?? ThriftStruct())
        }
    }
}

extension LogicalType {
    /// The union member `id`, holding `s`.
    init(id: Int16, _ s: ThriftStruct) throws(ParquetFormatError) {
        typealias F = LogicalType.Field
        switch id {
        case F.string: self = .string
        case F.map: self = .map
        case F.list: self = .list
        case F.decimal:
            self = .decimal(scale: Int(try s.integer(F.decimalScale, as: Int32.self, "DECIMAL scale") ?? 0),
                            precision: Int(try s.integer(F.decimalPrecision, as: Int32.self, "DECIMAL precision") ?? 0))
        case F.date: self = .date
        case F.timestamp:
            let unitID = s[F.timestampUnit]?.structValue?.fields.keys.first ?? F.unitMicros
            let unit = unitID == F.unitMillis ? "MILLIS" : unitID == F.unitNanos ? "NANOS" : "MICROS"
            let utc = s[F.timestampIsAdjustedToUTC]?.bool ?? false
            self = unit == "MICROS" && utc ? .timestampMicrosUTC : .timestamp(unit: unit, utc: utc)
        case F.integer:
            self = .integer(bitWidth: Int(try s.integer(F.integerBitWidth, as: Int8.self, "INTEGER bitWidth") ?? 64),
                            signed: s[F.integerIsSigned]?.bool ?? true)
        case F.float16: self = .float16
        default: self = .other(id)
        }
    }
}

extension RowGroup {
    init(_ s: ThriftStruct) throws(ParquetFormatError) {
        typealias F = RowGroup.Field
        guard let columns = s[F.columns]?.list, let total = s[F.totalByteSize]?.int, let rows = s[F.numRows]?.int else {
            throw ParquetFormatError("RowGroup lacks a required field")
        }
        self.columns = []
        self.columns.reserveCapacity(columns.count)
        for value in columns {
            guard let chunk = value.structValue, let meta = chunk[ColumnChunk.Field.metaData]?.structValue else {
                throw ParquetFormatError("ColumnChunk without meta_data")
            }
            self.columns.append(ColumnChunk(fileOffset: chunk[ColumnChunk.Field.fileOffset]?.int ?? 0, metaData: try ColumnMetaData(meta)))
        }
        totalByteSize = total
        numRows = rows
        fileOffset = s[F.fileOffset]?.int
        totalCompressedSize = s[F.totalCompressedSize]?.int
        ordinal = try s.integer(F.ordinal, as: Int16.self, "row group ordinal")
    }
}

extension ColumnMetaData {
    init(_ s: ThriftStruct) throws(ParquetFormatError) {
        typealias F = ColumnMetaData.Field
        guard let typeValue = try s.integer(F.type, as: Int32.self, "column type"), let path = s[F.pathInSchema]?.list,
            let codecValue = try s.integer(F.codec, as: Int32.self, "codec"), let numValues = s[F.numValues]?.int,
            let uncompressed = s[F.totalUncompressedSize]?.int, let compressed = s[F.totalCompressedSize]?.int,
            let dataOffset = s[F.dataPageOffset]?.int
        else { throw ParquetFormatError("ColumnMetaData lacks a required field") }
        guard let type = PhysicalType(rawValue: typeValue) else { throw ParquetFormatError("unknown column type \(typeValue)") }
        self.type = type
        encodings = (s[F.encodings]?.list ?? []).compactMap { $0.int.flatMap { Int32(exactly: $0) }.flatMap(Encoding.init(rawValue:)) }
        pathInSchema = path.compactMap(\.string)
        guard let codec = CompressionCodec(rawValue: codecValue) else {
            throw ParquetFormatError("unknown codec \(codecValue)")
        }
        self.codec = codec
        self.numValues = numValues
        totalUncompressedSize = uncompressed
        totalCompressedSize = compressed
        dataPageOffset = dataOffset
        dictionaryPageOffset = s[F.dictionaryPageOffset]?.int
        if let stats = s[F.statistics]?.structValue {
            typealias S = Statistics.Field
            var st = Statistics()
            st.legacyMax = stats[S.max]?.binary
            st.legacyMin = stats[S.min]?.binary
            st.nullCount = stats[S.nullCount]?.int
            st.distinctCount = stats[S.distinctCount]?.int
            st.maxValue = stats[S.maxValue]?.binary
            st.minValue = stats[S.minValue]?.binary
            st.isMaxExact = stats[S.isMaxValueExact]?.bool
            st.isMinExact = stats[S.isMinValueExact]?.bool
            statistics = st
        }
    }
}

extension PageHeader {
    init(_ s: ThriftStruct) throws(ParquetFormatError) {
        typealias F = PageHeader.Field
        guard let typeValue = try s.integer(F.type, as: Int32.self, "page type"), let type = PageType(rawValue: typeValue),
            let uncompressed = try s.integer(F.uncompressedPageSize, as: Int32.self, "uncompressed_page_size"),
            let compressed = try s.integer(F.compressedPageSize, as: Int32.self, "compressed_page_size")
        else { throw ParquetFormatError("page header lacks a required field") }
        guard uncompressed >= 0, compressed >= 0 else {
            throw ParquetFormatError("page sizes \(compressed)/\(uncompressed) are negative")
        }
        self.type = type
        uncompressedPageSize = uncompressed
        compressedPageSize = compressed
        crc = try s.integer(F.crc, as: Int32.self, "page crc")
        if let d = s[F.dataPageHeader]?.structValue {
            typealias D = DataPageHeader.Field
            dataPageHeader = DataPageHeader(
                numValues: try Self.count(d, D.numValues, "data page num_values"),
                encoding: try Self.encoding(d, D.encoding, default: .plain),
                definitionLevelEncoding: try Self.encoding(d, D.definitionLevelEncoding, default: .rle),
                repetitionLevelEncoding: try Self.encoding(d, D.repetitionLevelEncoding, default: .rle))
        }
        if let d = s[F.dictionaryPageHeader]?.structValue {
            typealias D = DictionaryPageHeader.Field
            dictionaryPageHeader = DictionaryPageHeader(
                numValues: try Self.count(d, D.numValues, "dictionary page num_values"), encoding: try Self.encoding(d, D.encoding, default: .plain))
        }
        if let d = s[F.dataPageHeaderV2]?.structValue {
            typealias D = DataPageHeaderV2.Field
            dataPageHeaderV2 = DataPageHeaderV2(
                numValues: try Self.count(d, D.numValues, "v2 num_values"), numNulls: try Self.count(d, D.numNulls, "v2 num_nulls"),
                numRows: try Self.count(d, D.numRows, "v2 num_rows"), encoding: try Self.encoding(d, D.encoding, default: .plain),
                definitionLevelsByteLength: try Self.count(d, D.definitionLevelsByteLength, "v2 definition_levels_byte_length"),
                repetitionLevelsByteLength: try Self.count(d, D.repetitionLevelsByteLength, "v2 repetition_levels_byte_length"),
                isCompressed: d[D.isCompressed]?.bool ?? true)
        }
    }

    /// A count or length field: absent reads as 0, negative is damage.
    private static func count(_ s: ThriftStruct, _ id: Int16, _ what: String) throws(ParquetFormatError) -> Int32 {
        let value = try s.integer(id, as: Int32.self, what) ?? 0
        guard value >= 0 else { throw ParquetFormatError("\(what) \(value) is negative") }
        return value
    }

    private static func encoding(_ s: ThriftStruct, _ id: Int16, default fallback: Encoding) throws(ParquetFormatError) -> Encoding {
        guard let raw = try s.integer(id, as: Int32.self, "encoding") else { return fallback }
        guard let encoding = Encoding(rawValue: raw) else { throw ParquetFormatError("unknown encoding \(raw)") }
        return encoding
    }
}
