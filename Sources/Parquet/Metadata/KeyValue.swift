/// One entry of the footer's application metadata (parquet.thrift `KeyValue`).
public struct KeyValue: Sendable, Equatable {
    /// The entry's name.
    public var key: String
    /// The entry's text, if it has one.
    public var value: String?
}
