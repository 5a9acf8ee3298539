/// Where a load stands, as the progress display shows it.
package struct LoadProgress: Sendable {
    package var filesDone: Int
    package var files: Int
    package var rows: Int
    package var bytesSent: Int
    package var seconds: Double
    package var phase: String
}
