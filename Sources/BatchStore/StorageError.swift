#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system operation that failed, naming the path and the reason.
package struct StorageError: Error, Sendable, CustomStringConvertible {
    package var path: String
    package var message: String

    package init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }

    static func errno(_ path: String, _ operation: String) -> StorageError {
        StorageError(path: path, message: "\(operation) failed: \(String(cString: strerror(Glibc.errno)))")
    }
}
