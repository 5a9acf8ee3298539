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
    var dataPageHeader: DataPageHeader?
    var dictionaryPageHeader: DictionaryPageHeader?
    var dataPageHeaderV2: DataPageHeaderV2?
}

// MARK: - Encoding to Thrift

extension ThriftWriter {
    mutating func write(_ logical: LogicalType) {
        switch logical {
        case .string: `struct`(1) { _ in }
        case .map: `struct`(2) { _ in }
        case .list: `struct`(3) { _ in }
        case .date: `struct`(6) { _ in }
        case .decimal(let scale, let precision):
            `struct`(5) {
                $0.i32(1, Int32(scale))
                $0.i32(2, Int32(precision))
            }
        case .timestampMicrosUTC:
            `struct`(8) {
                $0.bool(1, true)
                $0.struct(2) { $0.struct(2) { _ in } }
            }
        case .timestamp(let unit, let utc):
            `struct`(8) {
                $0.bool(1, utc)
                $0.struct(2) { $0.struct(unit == "MILLIS" ? 1 : unit == "NANOS" ? 3 : 2) { _ in } }
            }
        case .integer(let bitWidth, let signed):
            `struct`(10) {
                $0.i8(1, Int8(bitWidth))
                $0.bool(2, signed)
            }
        case .other(let id): `struct`(id) { _ in }
        }
    }

    mutating func write(_ element: SchemaElement) {
        if let type = element.type { i32(1, type.rawValue) }
        if let typeLength = element.typeLength { i32(2, typeLength) }
        if let repetition = element.repetition { i32(3, repetition.rawValue) }
        string(4, element.name)
        if let numChildren = element.numChildren { i32(5, numChildren) }
        if let convertedType = element.convertedType { i32(6, convertedType) }
        if let scale = element.scale { i32(7, scale) }
        if let precision = element.precision { i32(8, precision) }
        if let logical = element.logicalType { `struct`(10) { $0.write(logical) } }
    }

    mutating func write(_ s: Statistics) {
        if let v = s.legacyMax { binary(1, v) }
        if let v = s.legacyMin { binary(2, v) }
        if let v = s.nullCount { i64(3, v) }
        if let v = s.distinctCount { i64(4, v) }
        if let v = s.maxValue { binary(5, v) }
        if let v = s.minValue { binary(6, v) }
        if let v = s.isMaxExact { bool(7, v) }
        if let v = s.isMinExact { bool(8, v) }
    }

    mutating func write(_ m: ColumnMetaData) {
        i32(1, m.type.rawValue)
        i32List(2, m.encodings.map(\.rawValue))
        stringList(3, m.pathInSchema)
        i32(4, m.codec.rawValue)
        i64(5, m.numValues)
        i64(6, m.totalUncompressedSize)
        i64(7, m.totalCompressedSize)
        i64(9, m.dataPageOffset)
        if let offset = m.dictionaryPageOffset { i64(11, offset) }
        if let stats = m.statistics { `struct`(12) { $0.write(stats) } }
    }

    mutating func write(_ metadata: FileMetaData) {
        i32(1, metadata.version)
        structList(2, metadata.schema) { $0.write($1) }
        i64(3, metadata.numRows)
        structList(4, metadata.rowGroups) { w, group in
            w.structList(1, group.columns) { w, chunk in
                w.i64(2, chunk.fileOffset)
                w.struct(3) { $0.write(chunk.metaData) }
            }
            w.i64(2, group.totalByteSize)
            w.i64(3, group.numRows)
            if let v = group.fileOffset { w.i64(5, v) }
            if let v = group.totalCompressedSize { w.i64(6, v) }
            if let v = group.ordinal { w.i16(7, v) }
        }
        if !metadata.keyValueMetadata.isEmpty {
            structList(5, metadata.keyValueMetadata) { w, kv in
                w.string(1, kv.key)
                if let value = kv.value { w.string(2, value) }
            }
        }
        if let createdBy = metadata.createdBy { string(6, createdBy) }
        if metadata.columnOrdersWritten {
            let leaves = metadata.schema.filter { $0.type != nil }.count
            structList(7, Array(repeating: 0, count: leaves)) { w, _ in w.struct(1) { _ in } }
        }
    }

    mutating func write(_ header: PageHeader) {
        i32(1, header.type.rawValue)
        i32(2, header.uncompressedPageSize)
        i32(3, header.compressedPageSize)
        if let data = header.dataPageHeader {
            `struct`(5) {
                $0.i32(1, data.numValues)
                $0.i32(2, data.encoding.rawValue)
                $0.i32(3, data.definitionLevelEncoding.rawValue)
                $0.i32(4, data.repetitionLevelEncoding.rawValue)
            }
        }
        if let dictionary = header.dictionaryPageHeader {
            `struct`(7) {
                $0.i32(1, dictionary.numValues)
                $0.i32(2, dictionary.encoding.rawValue)
            }
        }
    }
}

// MARK: - Decoding from Thrift

extension FileMetaData {
    init(_ s: ThriftStruct) throws {
        guard let version = s[1]?.int, let schema = s[2]?.list, let numRows = s[3]?.int, let groups = s[4]?.list else {
            throw ParquetFormatError("footer: FileMetaData lacks a required field")
        }
        self.version = Int32(version)
        self.schema = try schema.map { try SchemaElement($0.structValue ?? ThriftStruct()) }
        self.numRows = numRows
        rowGroups = try groups.map { try RowGroup($0.structValue ?? ThriftStruct()) }
        keyValueMetadata = (s[5]?.list ?? []).compactMap { $0.structValue }.compactMap { kv in
            kv[1]?.string.map { KeyValue(key: $0, value: kv[2]?.string) }
        }
        createdBy = s[6]?.string
        columnOrdersWritten = s[7] != nil
    }
}

extension SchemaElement {
    init(_ s: ThriftStruct) throws {
        guard let name = s[4]?.string else { throw ParquetFormatError("footer: SchemaElement without a name") }
        self.name = name
        type = s[1]?.int.flatMap { PhysicalType(rawValue: Int32($0)) }
        typeLength = s[2]?.int.map { Int32($0) }
        repetition = s[3]?.int.flatMap { Repetition(rawValue: Int32($0)) }
        numChildren = s[5]?.int.map { Int32($0) }
        convertedType = s[6]?.int.map { Int32($0) }
        scale = s[7]?.int.map { Int32($0) }
        precision = s[8]?.int.map { Int32($0) }
        if let logical = s[10]?.structValue, let (id, value) = logical.fields.first {
            switch id {
            case 1: logicalType = .string
            case 2: logicalType = .map
            case 3: logicalType = .list
            case 5:
                let d = value.structValue
                logicalType = .decimal(scale: Int(d?[1]?.int ?? 0), precision: Int(d?[2]?.int ?? 0))
            case 6: logicalType = .date
            case 8:
                let t = value.structValue
                let unitID = t?[2]?.structValue?.fields.keys.first ?? 2
                let unit = unitID == 1 ? "MILLIS" : unitID == 3 ? "NANOS" : "MICROS"
                let utc = t?[1]?.bool ?? false
                logicalType = unit == "MICROS" && utc ? .timestampMicrosUTC : .timestamp(unit: unit, utc: utc)
            case 10:
                let i = value.structValue
                logicalType = .integer(bitWidth: Int(i?[1]?.int ?? 64), signed: i?[2]?.bool ?? true)
            default: logicalType = .other(id)
            }
        }
    }
}

extension RowGroup {
    init(_ s: ThriftStruct) throws {
        guard let columns = s[1]?.list, let total = s[2]?.int, let rows = s[3]?.int else {
            throw ParquetFormatError("footer: RowGroup lacks a required field")
        }
        self.columns = try columns.map { value in
            guard let chunk = value.structValue, let meta = chunk[3]?.structValue else {
                throw ParquetFormatError("footer: ColumnChunk without meta_data")
            }
            return ColumnChunk(fileOffset: chunk[2]?.int ?? 0, metaData: try ColumnMetaData(meta))
        }
        totalByteSize = total
        numRows = rows
        fileOffset = s[5]?.int
        totalCompressedSize = s[6]?.int
        ordinal = s[7]?.int.map { Int16($0) }
    }
}

extension ColumnMetaData {
    init(_ s: ThriftStruct) throws {
        guard let type = s[1]?.int.flatMap({ PhysicalType(rawValue: Int32($0)) }), let path = s[3]?.list,
            let codecValue = s[4]?.int, let numValues = s[5]?.int, let uncompressed = s[6]?.int,
            let compressed = s[7]?.int, let dataOffset = s[9]?.int
        else { throw ParquetFormatError("footer: ColumnMetaData lacks a required field") }
        self.type = type
        encodings = (s[2]?.list ?? []).compactMap { $0.int.flatMap { Encoding(rawValue: Int32($0)) } }
        pathInSchema = path.compactMap(\.string)
        guard let codec = CompressionCodec(rawValue: Int32(codecValue)) else {
            throw ParquetFormatError("footer: unknown codec \(codecValue)")
        }
        self.codec = codec
        self.numValues = numValues
        totalUncompressedSize = uncompressed
        totalCompressedSize = compressed
        dataPageOffset = dataOffset
        dictionaryPageOffset = s[11]?.int
        if let stats = s[12]?.structValue {
            var st = Statistics()
            st.legacyMax = stats[1]?.binary
            st.legacyMin = stats[2]?.binary
            st.nullCount = stats[3]?.int
            st.distinctCount = stats[4]?.int
            st.maxValue = stats[5]?.binary
            st.minValue = stats[6]?.binary
            st.isMaxExact = stats[7]?.bool
            st.isMinExact = stats[8]?.bool
            statistics = st
        }
    }
}

extension PageHeader {
    init(_ s: ThriftStruct) throws {
        guard let typeValue = s[1]?.int, let type = PageType(rawValue: Int32(typeValue)),
            let uncompressed = s[2]?.int, let compressed = s[3]?.int
        else { throw ParquetFormatError("page header lacks a required field") }
        self.type = type
        uncompressedPageSize = Int32(uncompressed)
        compressedPageSize = Int32(compressed)
        if let d = s[5]?.structValue {
            dataPageHeader = DataPageHeader(
                numValues: Int32(d[1]?.int ?? 0), encoding: Encoding(rawValue: Int32(d[2]?.int ?? 0)) ?? .plain,
                definitionLevelEncoding: Encoding(rawValue: Int32(d[3]?.int ?? 3)) ?? .rle,
                repetitionLevelEncoding: Encoding(rawValue: Int32(d[4]?.int ?? 3)) ?? .rle)
        }
        if let d = s[7]?.structValue {
            dictionaryPageHeader = DictionaryPageHeader(
                numValues: Int32(d[1]?.int ?? 0), encoding: Encoding(rawValue: Int32(d[2]?.int ?? 0)) ?? .plain)
        }
        if let d = s[8]?.structValue {
            dataPageHeaderV2 = DataPageHeaderV2(
                numValues: Int32(d[1]?.int ?? 0), numNulls: Int32(d[2]?.int ?? 0), numRows: Int32(d[3]?.int ?? 0),
                encoding: Encoding(rawValue: Int32(d[4]?.int ?? 0)) ?? .plain,
                definitionLevelsByteLength: Int32(d[5]?.int ?? 0), repetitionLevelsByteLength: Int32(d[6]?.int ?? 0),
                isCompressed: d[7]?.bool ?? true)
        }
    }
}
