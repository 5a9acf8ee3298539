/// Parquet's physical types (parquet.thrift `Type`).
public enum PhysicalType: Int32, Sendable {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7
}

public enum Repetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}

public enum Encoding: Int32, Sendable {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, deltaBinaryPacked = 5, deltaLengthByteArray = 6
    case deltaByteArray = 7, rleDictionary = 8, byteStreamSplit = 9
}

public enum CompressionCodec: Int32, Sendable {
    case uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4Raw = 7
}

enum PageType: Int32 {
    case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
}

/// Logical annotations we write and recognize.
public enum LogicalType: Sendable, Equatable {
    case string
    case list
    case map
    case timestampMicrosUTC
    case timestamp(unit: String, utc: Bool)
    case integer(bitWidth: Int, signed: Bool)
    case date
    case decimal(scale: Int, precision: Int)
    case other(Int16)
}

/// One node of the flattened schema (parquet.thrift `SchemaElement`).
public struct SchemaElement: Sendable {
    public var name: String
    public var type: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var numChildren: Int32?
    public var convertedType: Int32?
    public var logicalType: LogicalType?
    public var scale: Int32?
    public var precision: Int32?

    public init(name: String, type: PhysicalType? = nil, repetition: Repetition? = nil, numChildren: Int32? = nil,
                convertedType: Int32? = nil, logicalType: LogicalType? = nil) {
        self.name = name
        self.type = type
        self.repetition = repetition
        self.numChildren = numChildren
        self.convertedType = convertedType
        self.logicalType = logicalType
    }
}

/// Column chunk statistics (parquet.thrift `Statistics`).
public struct Statistics: Sendable, Equatable {
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var minValue: [UInt8]?
    public var maxValue: [UInt8]?
    /// Deprecated signed-order fields, written only for numeric types.
    public var legacyMin: [UInt8]?
    public var legacyMax: [UInt8]?
    public var isMinExact: Bool?
    public var isMaxExact: Bool?

    public init() {}
}

public struct KeyValue: Sendable, Equatable {
    public var key: String
    public var value: String?
}

public struct ColumnMetaData: Sendable {
    public var type: PhysicalType
    public var encodings: [Encoding]
    public var pathInSchema: [String]
    public var codec: CompressionCodec
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var dataPageOffset: Int64
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?
}

public struct ColumnChunk: Sendable {
    public var fileOffset: Int64
    public var metaData: ColumnMetaData
}

public struct RowGroup: Sendable {
    public var columns: [ColumnChunk]
    public var totalByteSize: Int64
    public var numRows: Int64
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?
}

public struct FileMetaData: Sendable {
    public var version: Int32
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var keyValueMetadata: [KeyValue]
    public var createdBy: String?
    /// Whether every leaf has TypeDefinedOrder.
    public var columnOrdersWritten: Bool
}

struct DataPageHeader {
    var numValues: Int32
    var encoding: Encoding
    var definitionLevelEncoding: Encoding
    var repetitionLevelEncoding: Encoding
}

struct DataPageHeaderV2 {
    var numValues: Int32
    var numNulls: Int32
    var numRows: Int32
    var encoding: Encoding
    var definitionLevelsByteLength: Int32
    var repetitionLevelsByteLength: Int32
    var isCompressed: Bool
}

struct DictionaryPageHeader {
    var numValues: Int32
    var encoding: Encoding
}

struct PageHeader {
    var type: PageType
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    /// CRC32 of the page bytes as stored (after compression), as parquet-java writes it.
    var crc: Int32?
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?
}

// MARK: - Encoding to Thrift

extension ThriftWriter {
    mutating func write(_ logical: LogicalType) {
        typealias F = LogicalType.Field
        switch logical {
        case .string: `struct`(F.string) { _ in }
        case .map: `struct`(F.map) { _ in }
        case .list: `struct`(F.list) { _ in }
        case .date: `struct`(F.date) { _ in }
        case .decimal(let scale, let precision):
            `struct`(F.decimal) {
                $0.i32(F.decimalScale, Int32(scale))
                $0.i32(F.decimalPrecision, Int32(precision))
            }
        case .timestampMicrosUTC:
            `struct`(F.timestamp) {
                $0.bool(F.timestampIsAdjustedToUTC, true)
                $0.struct(F.timestampUnit) { $0.struct(F.unitMicros) { _ in } }
            }
        case .timestamp(let unit, let utc):
            `struct`(F.timestamp) {
                $0.bool(F.timestampIsAdjustedToUTC, utc)
                $0.struct(F.timestampUnit) { $0.struct(unit == "MILLIS" ? F.unitMillis : unit == "NANOS" ? F.unitNanos : F.unitMicros) { _ in } }
            }
        case .integer(let bitWidth, let signed):
            `struct`(F.integer) {
                $0.i8(F.integerBitWidth, Int8(bitWidth))
                $0.bool(F.integerIsSigned, signed)
            }
        case .other(let id): `struct`(id) { _ in }
        }
    }

    mutating func write(_ element: SchemaElement) {
        typealias F = SchemaElement.Field
        if let type = element.type { i32(F.type, type.rawValue) }
        if let typeLength = element.typeLength { i32(F.typeLength, typeLength) }
        if let repetition = element.repetition { i32(F.repetitionType, repetition.rawValue) }
        string(F.name, element.name)
        if let numChildren = element.numChildren { i32(F.numChildren, numChildren) }
        if let convertedType = element.convertedType { i32(F.convertedType, convertedType) }
        if let scale = element.scale { i32(F.scale, scale) }
        if let precision = element.precision { i32(F.precision, precision) }
        if let logical = element.logicalType { `struct`(F.logicalType) { $0.write(logical) } }
    }

    mutating func write(_ s: Statistics) {
        typealias F = Statistics.Field
        if let v = s.legacyMax { binary(F.max, v) }
        if let v = s.legacyMin { binary(F.min, v) }
        if let v = s.nullCount { i64(F.nullCount, v) }
        if let v = s.distinctCount { i64(F.distinctCount, v) }
        if let v = s.maxValue { binary(F.maxValue, v) }
        if let v = s.minValue { binary(F.minValue, v) }
        if let v = s.isMaxExact { bool(F.isMaxValueExact, v) }
        if let v = s.isMinExact { bool(F.isMinValueExact, v) }
    }

    mutating func write(_ m: ColumnMetaData) {
        typealias F = ColumnMetaData.Field
        i32(F.type, m.type.rawValue)
        i32List(F.encodings, m.encodings.map(\.rawValue))
        stringList(F.pathInSchema, m.pathInSchema)
        i32(F.codec, m.codec.rawValue)
        i64(F.numValues, m.numValues)
        i64(F.totalUncompressedSize, m.totalUncompressedSize)
        i64(F.totalCompressedSize, m.totalCompressedSize)
        i64(F.dataPageOffset, m.dataPageOffset)
        if let offset = m.dictionaryPageOffset { i64(F.dictionaryPageOffset, offset) }
        if let stats = m.statistics { `struct`(F.statistics) { $0.write(stats) } }
    }

    mutating func write(_ metadata: FileMetaData) {
        typealias F = FileMetaData.Field
        typealias G = RowGroup.Field
        i32(F.version, metadata.version)
        structList(F.schema, metadata.schema) { $0.write($1) }
        i64(F.numRows, metadata.numRows)
        structList(F.rowGroups, metadata.rowGroups) { w, group in
            w.structList(G.columns, group.columns) { w, chunk in
                w.i64(ColumnChunk.Field.fileOffset, chunk.fileOffset)
                w.struct(ColumnChunk.Field.metaData) { $0.write(chunk.metaData) }
            }
            w.i64(G.totalByteSize, group.totalByteSize)
            w.i64(G.numRows, group.numRows)
            if let v = group.fileOffset { w.i64(G.fileOffset, v) }
            if let v = group.totalCompressedSize { w.i64(G.totalCompressedSize, v) }
            if let v = group.ordinal { w.i16(G.ordinal, v) }
        }
        if !metadata.keyValueMetadata.isEmpty {
            structList(F.keyValueMetadata, metadata.keyValueMetadata) { w, kv in
                w.string(KeyValue.Field.key, kv.key)
                if let value = kv.value { w.string(KeyValue.Field.value, value) }
            }
        }
        if let createdBy = metadata.createdBy { string(F.createdBy, createdBy) }
        if metadata.columnOrdersWritten {
            let leaves = metadata.schema.filter { $0.type != nil }.count
            structList(F.columnOrders, Array(repeating: 0, count: leaves)) { w, _ in w.struct(ColumnOrderField.typeOrder) { _ in } }
        }
    }

    mutating func write(_ header: PageHeader) {
        typealias F = PageHeader.Field
        i32(F.type, header.type.rawValue)
        i32(F.uncompressedPageSize, header.uncompressedPageSize)
        i32(F.compressedPageSize, header.compressedPageSize)
        if let crc = header.crc { i32(F.crc, crc) }
        if let data = header.dataPageHeader {
            typealias D = DataPageHeader.Field
            `struct`(F.dataPageHeader) {
                $0.i32(D.numValues, data.numValues)
                $0.i32(D.encoding, data.encoding.rawValue)
                $0.i32(D.definitionLevelEncoding, data.definitionLevelEncoding.rawValue)
                $0.i32(D.repetitionLevelEncoding, data.repetitionLevelEncoding.rawValue)
            }
        }
        if let dictionary = header.dictionaryPageHeader {
            typealias D = DictionaryPageHeader.Field
            `struct`(F.dictionaryPageHeader) {
                $0.i32(D.numValues, dictionary.numValues)
                $0.i32(D.encoding, dictionary.encoding.rawValue)
            }
        }
    }
}

// MARK: - Decoding from Thrift
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
