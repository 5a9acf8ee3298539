/// Thrift compact protocol: the encoding of Parquet's footer and page headers.
enum CompactType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, i8 = 3, i16 = 4, i32 = 5, i64 = 6, double = 7, binary = 8
    case list = 9, set = 10, map = 11, `struct` = 12
}

/// Writes compact-protocol structs. Field ids are relative to the previous field of the same struct.
struct ThriftWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldID: [Int16] = [0]

    init() {}

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func zigzag(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    private mutating func fieldHeader(_ id: Int16, _ type: CompactType) {
        let delta = id - lastFieldID[lastFieldID.count - 1]
        if delta > 0, delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            zigzag(Int64(id))
        }
        lastFieldID[lastFieldID.count - 1] = id
    }

    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        zigzag(Int64(value))
    }

    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        zigzag(value)
    }

    mutating func i8(_ id: Int16, _ value: Int8) {
        fieldHeader(id, .i8)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func i16(_ id: Int16, _ value: Int16) {
        fieldHeader(id, .i16)
        zigzag(Int64(value))
    }

    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func string(_ id: Int16, _ value: String) {
        binary(id, Array(value.utf8))
    }

    /// A struct-valued field; `body` writes its fields.
    mutating func `struct`(_ id: Int16, _ body: (inout ThriftWriter) -> Void) {
        fieldHeader(id, .struct)
        writeStructBody(body)
    }

    /// A struct that is not a field (the top level, or a list element).
    mutating func writeStructBody(_ body: (inout ThriftWriter) -> Void) {
        lastFieldID.append(0)
        body(&self)
        bytes.append(CompactType.stop.rawValue)
        lastFieldID.removeLast()
    }

    mutating func listHeader(_ id: Int16, count: Int, element: CompactType) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            varint(UInt64(count))
        }
    }

    mutating func structList<T>(_ id: Int16, _ items: [T], _ body: (inout ThriftWriter, T) -> Void) {
        listHeader(id, count: items.count, element: .struct)
        for item in items { writeStructBody { body(&$0, item) } }
    }

    mutating func i32List(_ id: Int16, _ items: [Int32]) {
        listHeader(id, count: items.count, element: .i32)
        for item in items { zigzag(Int64(item)) }
    }

    mutating func stringList(_ id: Int16, _ items: [String]) {
        listHeader(id, count: items.count, element: .binary)
        for item in items {
            varint(UInt64(item.utf8.count))
            bytes.append(contentsOf: item.utf8)
        }
    }
}

/// A decoded compact-protocol value; structs keep their fields by id.
indirect enum ThriftValue {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case binary([UInt8])
    case list([ThriftValue])
    case map([(ThriftValue, ThriftValue)])
    case `struct`(ThriftStruct)

    var int: Int64? {
        if case .int(let v) = self { return v }
        return nil
    }

    var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    var binary: [UInt8]? {
        if case .binary(let v) = self { return v }
        return nil
    }

    var string: String? { binary.map { String(decoding: $0, as: UTF8.self) } }

    var list: [ThriftValue]? {
        if case .list(let v) = self { return v }
        return nil
    }

    var structValue: ThriftStruct? {
        if case .struct(let v) = self { return v }
        return nil
    }
}

struct ThriftStruct {
    var fields: [Int16: ThriftValue] = [:]

    subscript(id: Int16) -> ThriftValue? { fields[id] }

    /// An integer field that must fit `T`: nil when absent or not an integer, damage when out of range.
    func integer<T: FixedWidthInteger>(_ id: Int16, as type: T.Type, _ what: @autoclosure () -> String) throws(ParquetFormatError) -> T? {
        guard let value = fields[id]?.int else { return nil }
        guard let exact = T(exactly: value) else { throw ParquetFormatError("\(what()) \(value) does not fit \(T.self)") }
        return exact
    }
}

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
