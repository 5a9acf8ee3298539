/// A configuration value that is invalid, naming where it came from.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package var key: String
    package var source: String
    package var message: String

    package var description: String { "invalid \(key) from \(source): \(message)" }
}
