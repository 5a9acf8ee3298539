import Parquet

/// An output that becomes visible only when committed, as an object-store upload does when it completes.
package protocol StagedOutput: ParquetOutput {
    var bytesWritten: Int { get }
    /// Everything is written and sent, but not yet visible.
    func close() throws
    /// Makes the output visible.
    func commit() throws
    /// Discards the output; must not throw.
    func abandon()
}

/// Opens the staged outputs of a conversion; `part` is nil for a single output.
package protocol StagedOutputFactory: Sendable {
    /// The output's name for messages and the summary (`s3://bucket/key`).
    func name(part: Int?) -> String
    func open(part: Int?) throws -> any StagedOutput
}
