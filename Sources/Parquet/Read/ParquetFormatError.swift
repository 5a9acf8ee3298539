/// Malformed Thrift or Parquet structure, with where it was found.
public struct ParquetFormatError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The same damage, prefixed with where it was found (file, row group, column, page).
    func located(_ location: String) -> ParquetFormatError {
        ParquetFormatError("\(location): \(message)")
    }
}
