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

/// A command-line failure: the message is printed as is, then the process exits with `code`.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
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

/// Ctrl-C or SIGTERM requests a stop; a second Ctrl-C exits at once.
final class InterruptHandler {
    private let source: any DispatchSourceSignal
    /// Set by SIGTERM (a `StopRequest` is a set-once flag, which is all this needs).
    private let terminated = StopRequest()

    /// 143 after SIGTERM, 130 after Ctrl-C, as shells report a process killed by either.
    var exitStatus: Int32 { terminated.isRequested ? ExitStatus.terminated : ExitStatus.interrupted }

    init(stop: StopRequest) {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if stop.isRequested {
                printError("\ninterrupted again: exiting now")
                exit(130)
            }
            printError("\ninterrupt: finishing requests in flight and flushing the batch (Ctrl-C again to quit now)")
            stop.request()
        }
        source.resume()
        self.source = source
        let term = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        term.setEventHandler { [terminated] in
            terminated.request()
            stop.request()
        }
        term.resume()
        terminationSource = term
    }

    private let terminationSource: any DispatchSourceSignal

    func cancel() {
        source.cancel()
        terminationSource.cancel()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
