import BatchStore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Opens the local files of a conversion: one file, or the part files of a folder, whose temporary files wait in
/// a hidden folder inside it so that a reader listing the folder never sees a part being written.
struct LocalOutputFactory: StagedOutputFactory {
    /// The file, or the folder of parts.
    let path: String
    /// The hidden folder of a folder's temporary files; `nil` for one file, written beside itself.
    let temporaryDirectory: String?

    init(file: String) {
        path = file
        temporaryDirectory = nil
    }

    init(directory: String) {
        path = directory
        temporaryDirectory = "\(directory)/.convert-tmp-\(getpid())"
    }

    /// Whether `path` is a folder of parts.
    private var isFolder: Bool { temporaryDirectory != nil }

    func name(part: Int?) -> String {
        isFolder ? "\(path)/\(ConvertDestination.partName(part ?? 0))" : path
    }

    func open(part: Int?) throws -> any StagedOutput {
        if let temporaryDirectory { try AtomicFile.createDirectory(temporaryDirectory) }
        return try LocalFileOutput(path: name(part: part), temporaryDirectory: temporaryDirectory)
    }

    /// Removes the parts of an earlier conversion, which would mix with the new ones (before they are committed).
    func removeEarlierParts() throws {
        guard isFolder else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name.hasPrefix(ConvertDestination.partPrefix) && name.hasSuffix(".parquet") {
            try FileManager.default.removeItem(atPath: "\(path)/\(name)")
        }
    }

    /// Removes the hidden folder of temporary files (empty once the parts are committed or abandoned).
    func removeTemporaryDirectory() {
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }
}
