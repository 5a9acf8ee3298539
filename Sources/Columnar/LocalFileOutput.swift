import BatchStore
import Parquet

/// A local file written under a temporary name and renamed into place on `commit`, through the project's one
/// publishing scheme (`PendingFile`).
final class LocalFileOutput: StagedOutput {
    private let file: PendingFile

    init(path: String, temporaryDirectory: String?) throws {
        file = try AtomicFile.beginWrite(to: path, temporaryDirectory: temporaryDirectory)
    }

    var bytesWritten: Int { file.bytesWritten }

    func write(_ bytes: [UInt8]) throws { try file.append(bytes) }

    func close() throws { try file.close() }

    func commit() throws { try file.commit() }

    func abandon() { file.abandon() }
}
