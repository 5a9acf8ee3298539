/// How often a field occurs in its parent (parquet.thrift `FieldRepetitionType`).
public enum Repetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}
