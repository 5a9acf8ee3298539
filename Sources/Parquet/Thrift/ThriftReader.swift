/// Reads compact-protocol structs from untrusted bytes: nesting depth, and list, map and string sizes, are
/// capped by what the remaining bytes could hold, so no input makes it allocate wildly, recurse deeply or trap.
struct ThriftReader {
    private var cursor: ByteCursor
    /// Parquet's deepest struct (FileMetaData → RowGroup → ColumnChunk → ColumnMetaData → Statistics, or a
    /// LogicalType's TimeUnit) is far shallower; the cap only stops hostile recursion.
    static let maxDepth = 32

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        cursor = ByteCursor(bytes, at: position)
    }

    var position: Int { cursor.position }

    mutating func readStruct() throws(ParquetFormatError) -> ThriftStruct {
        try readStruct(depth: 0)
    }

    private mutating func readStruct(depth: Int) throws(ParquetFormatError) -> ThriftStruct {
        guard depth < Self.maxDepth else { throw ParquetFormatError("thrift: nesting deeper than \(Self.maxDepth)") }
        var result = ThriftStruct()
        var lastID = 0
        while true {
            let header = try cursor.byte()
            if header == CompactType.stop.rawValue { return result }
            guard let type = CompactType(rawValue: header & 0x0F), type != .stop else {
                throw ParquetFormatError("thrift: unknown field type \(header & 0x0F)")
            }
            let delta = Int(header >> 4)
            let id = delta == 0 ? Int(clamping: try cursor.zigzag()) : lastID + delta
            guard let fieldID = Int16(exactly: id) else { throw ParquetFormatError("thrift: field id \(id) out of range") }
            lastID = id
            result.fields[fieldID] = try readValue(type, depth: depth)
        }
    }

    private mutating func readValue(_ type: CompactType, depth: Int) throws(ParquetFormatError) -> ThriftValue {
        // Lists and maps nest as deeply as structs do (a one-byte list header each), so every container counts.
        if type == .list || type == .set || type == .map || type == .struct, depth + 1 >= Self.maxDepth {
            throw ParquetFormatError("thrift: nesting deeper than \(Self.maxDepth)")
        }
        switch type {
        case .boolTrue: return .bool(true)
        case .boolFalse: return .bool(false)
        case .i8: return .int(Int64(Int8(bitPattern: try cursor.byte())))
        case .i16, .i32, .i64: return .int(try cursor.zigzag())
        case .double: return .double(Double(bitPattern: try cursor.take(8).loadUnaligned(as: UInt64.self).littleEndian))
        case .binary:
            let length = try cursor.varintCount(limit: cursor.remaining, "thrift: binary length")
            return .binary(Array(try cursor.take(length)))
        case .list, .set:
            let header = try cursor.byte()
            guard let elementType = CompactType(rawValue: header & 0x0F), elementType != .stop else {
                throw ParquetFormatError("thrift: unknown list element type \(header & 0x0F)")
            }
            // Every element takes at least one byte (a double eight), so the rest of the data bounds the count.
            let smallest = elementType == .double ? 8 : 1
            var count = Int(header >> 4)
            if count == 15 { count = try cursor.varintCount(limit: cursor.remaining / smallest, "thrift: list size") }
            guard count <= cursor.remaining / smallest else { throw ParquetFormatError("thrift: list of \(count) longer than the data") }
            var items: [ThriftValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try readElement(elementType, depth: depth + 1)) }
            return .list(items)
        case .map:
            let count = try cursor.varintCount(limit: cursor.remaining / 2, "thrift: map size")
            guard count > 0 else { return .map([]) }
            let types = try cursor.byte()
            guard let k = CompactType(rawValue: types >> 4), let v = CompactType(rawValue: types & 0x0F), k != .stop, v != .stop else {
                throw ParquetFormatError("thrift: bad map types")
            }
            var pairs: [(ThriftValue, ThriftValue)] = []
            pairs.reserveCapacity(count)
            for _ in 0..<count { pairs.append((try readElement(k, depth: depth + 1), try readElement(v, depth: depth + 1))) }
            return .map(pairs)
        case .struct:
            return .struct(try readStruct(depth: depth + 1))
        case .stop:
            throw ParquetFormatError("thrift: unexpected stop")
        }
    }

    /// A list or map element: there a bool is a whole byte, 1 for true and 2 (or 0) for false.
    private mutating func readElement(_ type: CompactType, depth: Int) throws(ParquetFormatError) -> ThriftValue {
        if type == .boolTrue || type == .boolFalse { return .bool(try cursor.byte() == CompactType.boolTrue.rawValue) }
        return try readValue(type, depth: depth)
    }
}
