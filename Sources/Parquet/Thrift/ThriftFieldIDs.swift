// The field ids of parquet.thrift's structs, by struct, so encoder and decoder agree and read as names.

extension FileMetaData {
    enum Field {
        static let version: Int16 = 1, schema: Int16 = 2, numRows: Int16 = 3, rowGroups: Int16 = 4
        static let keyValueMetadata: Int16 = 5, createdBy: Int16 = 6, columnOrders: Int16 = 7
    }
}

extension SchemaElement {
    enum Field {
        static let type: Int16 = 1, typeLength: Int16 = 2, repetitionType: Int16 = 3, name: Int16 = 4
        static let numChildren: Int16 = 5, convertedType: Int16 = 6, scale: Int16 = 7, precision: Int16 = 8
        static let logicalType: Int16 = 10
    }
}

extension LogicalType {
    /// Members of the LogicalType union, and the fields of the structs they hold.
    enum Field {
        static let string: Int16 = 1, map: Int16 = 2, list: Int16 = 3, decimal: Int16 = 5, date: Int16 = 6
        static let timestamp: Int16 = 8, integer: Int16 = 10, float16: Int16 = 15
        static let decimalScale: Int16 = 1, decimalPrecision: Int16 = 2
        static let timestampIsAdjustedToUTC: Int16 = 1, timestampUnit: Int16 = 2
        static let unitMillis: Int16 = 1, unitMicros: Int16 = 2, unitNanos: Int16 = 3
        static let integerBitWidth: Int16 = 1, integerIsSigned: Int16 = 2
    }
}

extension Statistics {
    enum Field {
        static let max: Int16 = 1, min: Int16 = 2, nullCount: Int16 = 3, distinctCount: Int16 = 4
        static let maxValue: Int16 = 5, minValue: Int16 = 6, isMaxValueExact: Int16 = 7, isMinValueExact: Int16 = 8
    }
}

extension KeyValue {
    enum Field {
        static let key: Int16 = 1, value: Int16 = 2
    }
}

extension ColumnMetaData {
    enum Field {
        static let type: Int16 = 1, encodings: Int16 = 2, pathInSchema: Int16 = 3, codec: Int16 = 4, numValues: Int16 = 5
        static let totalUncompressedSize: Int16 = 6, totalCompressedSize: Int16 = 7, dataPageOffset: Int16 = 9
        static let dictionaryPageOffset: Int16 = 11, statistics: Int16 = 12
    }
}

extension ColumnChunk {
    enum Field {
        static let fileOffset: Int16 = 2, metaData: Int16 = 3
    }
}

extension RowGroup {
    enum Field {
        static let columns: Int16 = 1, totalByteSize: Int16 = 2, numRows: Int16 = 3, fileOffset: Int16 = 5
        static let totalCompressedSize: Int16 = 6, ordinal: Int16 = 7
    }
}

/// ColumnOrder is a union; TYPE_ORDER (TypeDefinedOrder, an empty struct) is its only member.
enum ColumnOrderField {
    static let typeOrder: Int16 = 1
}

extension PageHeader {
    enum Field {
        static let type: Int16 = 1, uncompressedPageSize: Int16 = 2, compressedPageSize: Int16 = 3, crc: Int16 = 4
        static let dataPageHeader: Int16 = 5, dictionaryPageHeader: Int16 = 7, dataPageHeaderV2: Int16 = 8
    }
}

extension DataPageHeader {
    enum Field {
        static let numValues: Int16 = 1, encoding: Int16 = 2, definitionLevelEncoding: Int16 = 3, repetitionLevelEncoding: Int16 = 4
    }
}

extension DataPageHeaderV2 {
    enum Field {
        static let numValues: Int16 = 1, numNulls: Int16 = 2, numRows: Int16 = 3, encoding: Int16 = 4
        static let definitionLevelsByteLength: Int16 = 5, repetitionLevelsByteLength: Int16 = 6, isCompressed: Int16 = 7
    }
}

extension DictionaryPageHeader {
    enum Field {
        static let numValues: Int16 = 1, encoding: Int16 = 2
    }
}
