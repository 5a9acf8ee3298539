import BatchStore
import Foundation
import TikiJSON

/// Reads and parses the next batch files on other threads while the current one is converted, `depth` of them
/// (one per core) at once.
package struct BatchPrefetcher {
    package typealias Loaded = Result<(bytes: Int, records: [JSONValue]), ConvertError>
    private let files: [String]
    private var nextIndex = 0
    /// Loads in flight, oldest first; each owns a read buffer and a queue, handed on to the load that replaces it.
    private var inFlight: [(file: String, done: DispatchSemaphore, result: ResultBox, worker: Worker)] = []

    final class ResultBox: @unchecked Sendable {
        var value: Loaded?
    }

    /// A read buffer, and a serial queue of its own. A serial queue gets a thread even while the row-group
    /// encoder fills the global pool; loads queued on the global pool ran only when the encoder left a thread
    /// free, and the writer spent half of a conversion waiting for them.
    final class Worker: @unchecked Sendable {
        var bytes: [UInt8] = []
        let queue = DispatchQueue(label: "tiki.convert.prefetch")
    }

    private let invalidUTF8: JSONParser.InvalidUTF8

    init(
        files: [String], invalidUTF8: JSONParser.InvalidUTF8 = .reject,
        depth: Int = max(2, ProcessInfo.processInfo.activeProcessorCount)
    ) {
        self.files = files
        self.invalidUTF8 = invalidUTF8
        for _ in 0..<depth { start(on: Worker()) }
    }

    private mutating func start(on worker: Worker) {
        guard nextIndex < files.count else { return }
        let file = files[nextIndex]
        nextIndex += 1
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        worker.queue.async { [invalidUTF8] in
            result.value = Self.load(file, reusing: &worker.bytes, invalidUTF8: invalidUTF8)
            done.signal()
        }
        inFlight.append((file, done, result, worker))
    }

    mutating func next() -> (String, Loaded)? {
        guard !inFlight.isEmpty else { return nil }
        let oldest = inFlight.removeFirst()
        oldest.done.wait()
        start(on: oldest.worker)
        return (oldest.file, oldest.result.value!)
    }

    /// Reads and parses one batch file: a JSON array's elements, or the values of a JSON Lines file.
    package static func load(_ file: String, reusing buffer: inout [UInt8], invalidUTF8: JSONParser.InvalidUTF8 = .reject) -> Loaded {
        let count: Int
        do { count = try FileBytes.read(file, reusing: &buffer) } catch {
            return .failure(ConvertError(file: file, message: "cannot read the file: \(error.message)"))
        }
        do {
            let values = try JSONParser.parseSequence(buffer[..<count], invalidUTF8: invalidUTF8)
            if values.count == 1, case .array(let records) = values[0] { return .success((count, records)) }
            return .success((count, values))
        } catch {
            return .failure(ConvertError(file: file, message: "malformed JSON at \(error)"))
        }
    }
}
