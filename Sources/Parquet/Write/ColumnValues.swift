/// The non-null values of a column, by physical type.
enum ColumnValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case int96([[UInt8]])
    case float([Float])
    case double([Double])
    case bytes(ByteArrayBuffer)

    static func empty(_ type: PhysicalType) -> ColumnValues {
        switch type {
        case .boolean: .boolean([])
        case .int32: .int32([])
        case .int64: .int64([])
        case .int96: .int96([])
        case .float: .float([])
        case .double: .double([])
        case .byteArray, .fixedLenByteArray: .bytes(ByteArrayBuffer())
        }
    }

    var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .int96(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .bytes(let v): v.count
        }
    }

    /// The values, when the column is of that physical type.
    var booleans: [Bool]? { if case .boolean(let v) = self { v } else { nil } }
    var int32s: [Int32]? { if case .int32(let v) = self { v } else { nil } }
    var int64s: [Int64]? { if case .int64(let v) = self { v } else { nil } }
    var floats: [Float]? { if case .float(let v) = self { v } else { nil } }
    var doubles: [Double]? { if case .double(let v) = self { v } else { nil } }

    /// Value `i` as a `ParquetValue`.
    func value(at i: Int, asString: Bool) -> ParquetValue {
        switch self {
        case .boolean(let v): .boolean(v[i])
        case .int32(let v): .int32(v[i])
        case .int64(let v): .int64(v[i])
        case .int96(let v): .bytes(v[i])
        case .float(let v): .float(v[i])
        case .double(let v): .double(v[i])
        case .bytes(let v): asString ? .string(String(decoding: v[i], as: UTF8.self)) : .bytes(Array(v[i]))
        }
    }
}
