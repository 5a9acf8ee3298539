import Foundation

/// Where `convert` writes.
package enum ConvertDestination: Sendable {
    /// One file, appearing atomically.
    case file(String)
    /// `part-00000.parquet`, … in a folder, each with at most `maxRowsPerFile` rows; all appear together.
    case directory(String, maxRowsPerFile: Int)
    /// Outputs that are not local files (object storage): one, or parts of at most `maxRowsPerFile` rows when
    /// it is given; every output is closed before the first is committed.
    case staged(any StagedOutputFactory, maxRowsPerFile: Int?)
}

extension ConvertDestination {
    /// How part file names begin.
    package static let partPrefix = "part-"

    /// The name of part `number` of a folder or an object-store prefix: `part-00000.parquet`, …, which sort in order.
    package static func partName(_ number: Int) -> String {
        partPrefix + String(format: "%05d.parquet", number)
    }
}
