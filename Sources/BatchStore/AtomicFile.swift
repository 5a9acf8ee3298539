#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file writes that readers see either complete or not at all: temp file, fsync, rename, fsync the folder.
package enum AtomicFile {
    /// Replaces `path` with `bytes`.
    package static func write(_ bytes: some Collection<UInt8>, to path: String) throws(StorageError) {
        let temp = try AtomicFile.beginWrite(to: path)
        do throws(StorageError) {
            try temp.append(bytes)
            try temp.commit()
        } catch {
            temp.abandon()
            throw error
        }
    }

    /// Opens a temporary file beside `path` (or in `temporaryDirectory`, on the same file system), to be filled with
    /// `append` and published with `commit`.
    package static func beginWrite(to path: String, temporaryDirectory: String? = nil) throws(StorageError) -> PendingFile {
        try PendingFile(destination: path, temporaryDirectory: temporaryDirectory)
    }

    /// Creates `path` and its missing parents.
    package static func createDirectory(_ path: String) throws(StorageError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/\(component)"
            if mkdir(current, 0o755) != 0, Glibc.errno != EEXIST {
                throw .errno(current, "mkdir")
            }
        }
    }

    /// Makes the renames and creations inside the folder holding `path` durable.
    package static func syncDirectory(of path: String) {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(directory.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : directory, O_RDONLY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
