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
}

/// Malformed Thrift or Parquet structure, with where it was found.
public struct ParquetFormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads compact-protocol structs from bytes.
struct ThriftReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw ParquetFormatError("thrift: unexpected end of data") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ParquetFormatError("thrift: varint too long") }
        }
    }

    mutating func zigzag() throws -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func readStruct(depth: Int = 0) throws -> ThriftStruct {
        guard depth < 64 else { throw ParquetFormatError("thrift: nesting too deep") }
        var result = ThriftStruct()
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return result }
            guard let type = CompactType(rawValue: header & 0x0F) else {
                throw ParquetFormatError("thrift: unknown type \(header & 0x0F)")
            }
            let delta = Int16(header >> 4)
            let id: Int16
            if delta == 0 {
                id = Int16(truncatingIfNeeded: try zigzag())
            } else {
                id = lastID + delta
            }
            lastID = id
            result.fields[id] = try readValue(type, depth: depth)
        }
    }

    mutating func readValue(_ type: CompactType, depth: Int) throws -> ThriftValue {
        switch type {
        case .boolTrue: return .bool(true)
        case .boolFalse: return .bool(false)
        case .i8: return .int(Int64(Int8(bitPattern: try byte())))
        case .i16, .i32, .i64: return .int(try zigzag())
        case .double:
            var raw: UInt64 = 0
            for i in 0..<8 { raw |= UInt64(try byte()) << (8 * UInt64(i)) }
            return .double(Double(bitPattern: raw))
        case .binary:
            let length = Int(try varint())
            guard length >= 0, position + length <= bytes.count else { throw ParquetFormatError("thrift: binary past the end") }
            defer { position += length }
            return .binary(Array(bytes[position..<(position + length)]))
        case .list, .set:
            let header = try byte()
            var count = Int(header >> 4)
            if count == 15 { count = Int(try varint()) }
            guard let elementType = CompactType(rawValue: header & 0x0F) else { throw ParquetFormatError("thrift: bad list type") }
            guard count <= bytes.count - position + 1 || elementType == .boolTrue || elementType == .boolFalse else {
                throw ParquetFormatError("thrift: list longer than the data")
            }
            var items: [ThriftValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count {
                if elementType == .boolTrue || elementType == .boolFalse {
                    items.append(.bool(try byte() == 1))
                } else {
                    items.append(try readValue(elementType, depth: depth + 1))
                }
            }
            return .list(items)
        case .map:
            let count = Int(try varint())
            guard count > 0 else { return .map([]) }
            let types = try byte()
            guard let k = CompactType(rawValue: types >> 4), let v = CompactType(rawValue: types & 0x0F) else {
                throw ParquetFormatError("thrift: bad map types")
            }
            var pairs: [(ThriftValue, ThriftValue)] = []
            for _ in 0..<count { pairs.append((try readValue(k, depth: depth + 1), try readValue(v, depth: depth + 1))) }
            return .map(pairs)
        case .struct:
            return .struct(try readStruct(depth: depth + 1))
        case .stop:
            throw ParquetFormatError("thrift: unexpected stop")
        }
    }
}
