import Foundation
import Logging
import Synchronization
import SystemPackage

/// An append-only log file shared by every `FileLogHandler` that writes to it.
package final class LogFile: Sendable {
    package let path: String
    private let descriptor: Mutex<FileDescriptor>

    /// Opens `path` for appending, creating its folder.
    package init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        guard let file = try? FileDescriptor.open(
            FilePath(path), .writeOnly, options: [.create, .append, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead])
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        descriptor = Mutex(file)
    }

    deinit {
        descriptor.withLock { try? $0.close() }
    }

    /// Appends `line` and a newline, whole: short writes are continued. A log line that cannot be written (a
    /// full disk) is dropped rather than failing the job it describes.
    func append(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        descriptor.withLock { file in _ = try? file.writeAll(bytes) }
    }
}

/// A swift-log handler writing timestamped, levelled lines to a `LogFile`.
package struct FileLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    private let label: String
    private let file: LogFile

    package init(label: String, file: LogFile, level: Logger.Level = .info) {
        self.label = label
        self.file = file
        logLevel = level
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        file.append("\(Self.timestamp()) \(event.level.rawValue.uppercased()) \(label): \(event.message)\(details)")
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var t = tm()
        var seconds = now.tv_sec
        gmtime_r(&seconds, &t)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(t.tm_year) + 1900, Int(t.tm_mon) + 1, Int(t.tm_mday),
            Int(t.tm_hour), Int(t.tm_min), Int(t.tm_sec), Int(now.tv_nsec / 1_000_000))
    }
}
