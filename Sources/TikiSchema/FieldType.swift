import TikiJSON

/// The type of a field in a schema file.
package indirect enum FieldType: Sendable, Hashable, CustomStringConvertible {
    case int64
    case int32
    case double
    case boolean
    case string
    /// ISO-8601 strings or epoch numbers in JSON; microseconds since the epoch, UTC, in Parquet.
    case timestamp
    case list(FieldType)
    case `struct`([Field])

    package var description: String {
        switch self {
        case .int64: "int64"
        case .int32: "int32"
        case .double: "double"
        case .boolean: "boolean"
        case .string: "string"
        case .timestamp: "timestamp"
        case .list(let element): "list<\(element)>"
        case .struct: "struct"
        }
    }

    package var isScalar: Bool {
        switch self {
        case .list, .struct: false
        default: true
        }
    }
}
