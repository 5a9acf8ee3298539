import Foundation

/// A new, empty folder under the system's temporary directory, for one test's files.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "tiki-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
