import Dispatch
import Foundation
import TikiIngest

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C and SIGTERM as a request to stop, for every command that can stop cleanly (ingest, retry, convert to
/// S3): the first signal is handed to `onStop`, a second Ctrl-C exits at once.
///
/// Dispatch signal sources, not a C handler: the handlers run on a queue, where printing and waking the work are
/// allowed. Created, the process ignores the signals' default action until `cancel` (or deinit) restores it.
final class StopSignals {
    enum Signal: Sendable {
        case interrupt
        case terminate

        var name: String { self == .interrupt ? "interrupted" : "terminated" }
    }

    private var sources: [any DispatchSourceSignal] = []
    private let interrupted = StopRequest()
    private let terminated = StopRequest()

    /// `nil` until a signal came; then 143 if SIGTERM came, else 130, as shells report a process killed by either.
    var exitStatus: Int32? {
        terminated.isRequested ? ExitStatus.terminated : interrupted.isRequested ? ExitStatus.interrupted : nil
    }

    /// - Parameters:
    ///   - again: printed when a second Ctrl-C exits at once.
    ///   - onStop: told of each signal but that second Ctrl-C (it may come twice: make it idempotent).
    init(again: String, onStop: @escaping @Sendable (Signal) -> Void) {
        for (number, kind) in [(SIGINT, Signal.interrupt), (SIGTERM, Signal.terminate)] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [interrupted, terminated] in
                if kind == .interrupt, interrupted.isRequested || terminated.isRequested {
                    printError("\n\(again)")
                    exit(ExitStatus.interrupted)
                }
                (kind == .interrupt ? interrupted : terminated).request()
                onStop(kind)
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    deinit { if !sources.isEmpty { cancel() } }
}
