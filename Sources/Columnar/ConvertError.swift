/// A batch that cannot be converted, naming the file and, where known, the record and field.
package struct ConvertError: Error, Sendable, CustomStringConvertible {
    package var file: String
    package var record: Int?
    package var message: String
    /// For an output path of the wrong kind: what kind was wanted, for the caller to say how to ask for it.
    package var remedy: Remedy?

    /// What an output path should have been.
    package enum Remedy: Sendable {
        /// A file path, where a folder was given.
        case fileWanted
        /// A folder, where a file was given.
        case folderWanted
    }

    package var description: String {
        record.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
