import TikiJSON
import TikiSchema

/// Why a batch could not be read: its JSON, a field of a record (the path below where it is caught), or what a
/// sink refused, in its own words.
package enum RecordFault: Error {
    case json(JSONParseError)
    case field(String, message: String)
    case refused(String)

    /// The same fault with `prefix` before its field path.
    func under(_ prefix: String) -> RecordFault {
        if case .field(let path, let message) = self { return .field(prefix + path, message: message) }
        return self
    }
}
