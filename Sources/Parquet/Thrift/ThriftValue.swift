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
