import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// A record that does not fit the schema, naming the field.
package struct RecordError: Error, Sendable, CustomStringConvertible {
    package var field: String
    package var message: String
    package var description: String { "field '\(field)': \(message)" }
}
