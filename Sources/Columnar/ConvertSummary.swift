import Foundation

/// What a conversion did.
package struct ConvertSummary: Sendable {
    package var rows = 0
    package var files: [String] = []
    package var inputBytes = 0
    package var outputBytes = 0
    package var seconds = 0.0

    /// `rows, files, input MB, output MB, seconds, MB/s`.
    package var line: String {
        let inMB = Double(inputBytes) / 1e6, outMB = Double(outputBytes) / 1e6
        return String(
            format: "converted %d rows into %d file(s): %.1f MB of JSON → %.1f MB of Parquet in %.2f s (%.1f MB/s)",
            rows, files.count, inMB, outMB, seconds, seconds > 0 ? inMB / seconds : 0)
    }
}
