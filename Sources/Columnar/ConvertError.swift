/// A batch that cannot be converted, naming the file and, where known, the record and field.
package struct ConvertError: Error, Sendable, CustomStringConvertible {
    package var file: String
    package var record: Int?
    package var message: String

    package var description: String {
        record.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
