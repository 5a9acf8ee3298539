/// A batch that cannot be converted, naming the file and, where known, the record and field.
public struct ConvertError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var record: Int?
    public var message: String

    public var description: String {
        record.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
