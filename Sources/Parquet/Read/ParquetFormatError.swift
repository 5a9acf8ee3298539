/// Malformed Thrift or Parquet structure, with where it was found.
public struct ParquetFormatError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, and where: the file, and the row group, column and page when known.
    public var message: String
    /// An error saying `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }

    /// The same damage, prefixed with where it was found (file, row group, column, page).
    func located(_ location: String) -> ParquetFormatError {
        ParquetFormatError("\(location): \(message)")
    }
}
