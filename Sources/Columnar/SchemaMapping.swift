import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// Maps schema files to Parquet schemas and JSON records to Parquet rows.
package enum SchemaMapping {
    /// `int64/int32/double/boolean` → physical types, `string` → STRING, `timestamp` → TIMESTAMP(MICROS, UTC),
    /// `list<T>` → the three-level LIST (elements nullable), `struct` → a group. Nullable fields are OPTIONAL.
    package static func parquetSchema(_ schema: Schema) -> ParquetSchema {
        ParquetSchema(fields: schema.fields.map(parquetField))
    }

    static func parquetField(_ field: Field) -> ParquetField {
        ParquetField(name: field.name, type: parquetType(field.type), nullable: field.nullable)
    }

    static func parquetType(_ type: FieldType) -> ParquetFieldType {
        switch type {
        case .int64: .int64
        case .int32: .int32
        case .double: .double
        case .boolean: .boolean
        case .string: .string
        case .timestamp: .timestampMicros
        case .list(let element): .list(element: ParquetField(name: "element", type: parquetType(element), nullable: true))
        case .struct(let fields): .group(fields.map(parquetField))
        }
    }

    /// One record as a Parquet row, read `.strict`ly (`Conformance`); the error names the field.
    package static func row(_ record: JSONValue, schema: Schema) throws(FieldMismatch) -> [ParquetValue] {
        try Conformance(ParquetValues()).record(record, fields: schema.fields) { (problem) throws(FieldMismatch) in throw problem }
    }

    /// One value of the field `field` of type `type` as a Parquet value; errors name the path below the field.
    package static func value(_ json: JSONValue, _ type: FieldType, field: String) throws(FieldMismatch) -> ParquetValue {
        var path = FieldPath(field: field)
        return try Conformance(ParquetValues()).value(json, type, path: &path) { (problem) throws(FieldMismatch) in throw problem }
    }

    /// Conforming values as Parquet values: timestamps are TIMESTAMP(MICROS) int64 leaves.
    struct ParquetValues: ConformingBuilder {
        func null() -> ParquetValue { .null }
        func list(_ elements: [ParquetValue]) -> ParquetValue { .list(elements) }
        func group(_ members: [ParquetValue], of fields: [Field]) -> ParquetValue { .group(members) }

        func scalar(_ scalar: ScalarValue) -> ParquetValue {
            switch scalar {
            case .int64(let i): .int64(i)
            case .int32(let i): .int32(i)
            case .double(let d): .double(d)
            case .boolean(let b): .boolean(b)
            case .string(let s): .string(s)
            case .timestamp(let micros): .int64(micros)
            }
        }
    }

    /// A Parquet value back as JSON, guided by the file's schema node (for `inspect --head`).
    package static func json(_ value: ParquetValue, node: SchemaNode) -> JSONValue {
        switch value {
        case .null: return .null
        case .boolean(let b): return .bool(b)
        case .int32(let i):
            if let scale = decimalScale(node) { return .double(Double(i) / pow(10, Double(scale))) }
            return .int(Int64(i))
        case .int64(let i):
            if let scale = decimalScale(node) { return .double(Double(i) / pow(10, Double(scale))) }
            if node.element.logicalType == .timestampMicrosUTC || node.element.converted == .timestampMicros {
                return .string(TimestampParser.iso8601(microseconds: i))
            }
            return .int(i)
        case .float(let f): return .double(Double(f))
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b):
            if node.element.logicalType == .float16, b.count == 2 { return .double(Double(halfFloat(UInt16(b[0]) | UInt16(b[1]) << 8))) }
            if let scale = decimalScale(node), b.count <= 16 {
                // Big-endian two's complement unscaled value.
                var unscaled: Double = b.first.map { $0 & 0x80 != 0 ? -1 : 0 } ?? 0
                for byte in b { unscaled = unscaled * 256 + Double(byte) }
                return .double(unscaled / pow(10, Double(scale)))
            }
            return .string(b.map { String(format: "%02x", $0) }.joined())
        case .list(let items):
            // LIST groups wrap a repeated node which may wrap the element; MAP groups wrap key/value groups.
            var elementNode = node
            if node.isMap, let repeated = node.children.first {
                elementNode = repeated
            } else if node.isList, let repeated = node.children.first {
                elementNode = repeated.wrapsListElement ? repeated.children[0] : repeated
            }
            return .array(items.map { json($0, node: elementNode) })
        case .group(let values):
            var object = JSONObject()
            for (child, v) in zip(node.children, values) { object[child.name] = json(v, node: child) }
            return .object(object)
        }
    }
}

/// The scale of a DECIMAL leaf, or `nil`.
func decimalScale(_ node: SchemaNode) -> Int? {
    if case .decimal(let scale, _) = node.element.logicalType { return scale }
    if node.element.converted == .decimal { return Int(node.element.scale ?? 0) }
    return nil
}

/// IEEE 754 binary16 → Float, for FLOAT16 columns.
func halfFloat(_ bits: UInt16) -> Float {
    let sign: Float = bits & 0x8000 != 0 ? -1 : 1
    let exponent = Int((bits >> 10) & 0x1F)
    let fraction = Float(bits & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * powf(2, -24)
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * powf(2, Float(exponent - 15))
    }
}
