import Foundation
import TikiJSON

/// Reading and writing one batch file: a JSON array of records, one per line.
package enum BatchFile {
    /// Writes `records` atomically. Refuses an empty batch: a batch file is never empty.
    package static func write(_ records: [JSONValue], to path: String) throws(StorageError) {
        precondition(!records.isEmpty, "a batch file is never empty")
        try AtomicFile.write(JSONWriter.encodeLines(records), to: path)
    }

    /// Reads the records of a batch: a JSON array, or JSON Lines (one value per line).
    package static func read(_ path: String) throws(StorageError) -> [JSONValue] {
        try parse(FileBytes.read(path), path: path)
    }

    package static func parse(_ data: some Collection<UInt8>, path: String) throws(StorageError) -> [JSONValue] {
        do { return try JSONParser.parseRecords(data) } catch {
            throw StorageError(path: path, message: "malformed JSON at \(error)")
        }
    }
}
