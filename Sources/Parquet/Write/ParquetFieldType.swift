/// A column's logical type, as the writer's callers describe records.
public indirect enum ParquetFieldType: Sendable, Equatable {
    case boolean
    case int32
    case int64
    case double
    /// UTF-8 text: BYTE_ARRAY annotated STRING.
    case string
    /// Microseconds since the epoch, UTC: INT64 annotated TIMESTAMP(MICROS, UTC).
    case timestampMicros
    /// The standard three-level LIST: `group (LIST) { repeated group list { element } }`.
    case list(element: ParquetField)
    case group([ParquetField])
}
