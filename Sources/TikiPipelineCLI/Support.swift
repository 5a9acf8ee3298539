import ArgumentParser
import Dispatch
import Foundation
import Logging
import TikiIngest

#if canImport(Glibc)
import Glibc
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Bootstraps swift-log once: every level to the log file, warnings and errors to stderr too.
func makeLogger(label: String, logFile: String) -> Logger {
    let file: LogFile?
    do { file = try LogFile(path: logFile) } catch {
        printError("warning: cannot open log file \(logFile): \(error)")
        file = nil
    }
    LoggingSystem.bootstrap { name in
        var stderrHandler = StreamLogHandler.standardError(label: name)
        stderrHandler.logLevel = .warning
        guard let file else { return stderrHandler }
        return MultiplexLogHandler([FileLogHandler(label: name, file: file, level: .info), stderrHandler])
    }
    return Logger(label: label)
}

/// The exit statuses the commands use besides 0 (every ID settled), 1 (error) and 2 (usage).
enum ExitStatus {
    static let usage: Int32 = 2
    /// The run finished, or gave up, with IDs left in transient errors: try again later.
    static let transientErrorsLeft: Int32 = 3
    static let interrupted: Int32 = 130
    static let terminated: Int32 = 143
}

