/// Footer and page-header structs → Thrift compact bytes, field ids from `ThriftFieldIDs`.
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
        case .float16: `struct`(F.float16) { _ in }
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
