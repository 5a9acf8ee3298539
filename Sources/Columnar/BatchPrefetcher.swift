import BatchStore
import Foundation
import TikiJSON

/// Reads and parses the next batch files on other threads while the current one is converted, `depth` of them
/// (one per core) at once. What a parse makes is the caller's: JSON values, or rows already in columns.
package struct BatchPrefetcher<Output: Sendable> {
    package typealias Loaded = Result<(bytes: Int, output: Output), ConvertError>
    /// Parses one file's bytes (valid only during the call).
    package typealias Parse = @Sendable (_ file: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Result<Output, ConvertError>

    private let files: [String]
    private let parse: Parse
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

    package init(files: [String], depth: Int = max(2, ProcessInfo.processInfo.activeProcessorCount), parse: @escaping Parse) {
        self.files = files
        self.parse = parse
        for _ in 0..<depth { start(on: Worker()) }
    }

    private mutating func start(on worker: Worker) {
        guard nextIndex < files.count else { return }
        let file = files[nextIndex]
        nextIndex += 1
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        worker.queue.async { [parse] in
            result.value = Self.load(file, reusing: &worker.bytes, parse: parse)
            done.signal()
        }
        inFlight.append((file, done, result, worker))
    }

    package mutating func next() -> (String, Loaded)? {
        guard !inFlight.isEmpty else { return nil }
        let oldest = inFlight.removeFirst()
        oldest.done.wait()
        start(on: oldest.worker)
        return (oldest.file, oldest.result.value!)
    }

    /// Reads one batch file into `buffer` and parses it.
    package static func load(_ file: String, reusing buffer: inout [UInt8], parse: Parse) -> Loaded {
        let count: Int
        do { count = try FileBytes.read(file, reusing: &buffer) } catch {
            return .failure(ConvertError(file: file, message: "cannot read the file: \(error.message)"))
        }
        return buffer.withUnsafeBufferPointer { all in
            parse(file, UnsafeBufferPointer(rebasing: all[..<count])).map { (count, $0) }
        }
    }
}

extension BatchPrefetcher where Output == [JSONValue] {
    /// Prefetches the records of each file as JSON values.
    package init(files: [String], invalidUTF8: JSONParser.InvalidUTF8 = .reject) {
        self.init(files: files) { file, bytes in Self.records(file, bytes, invalidUTF8: invalidUTF8) }
    }

    /// A batch file's records: a JSON array's elements, or the values of a JSON Lines file.
    private static func records(_ file: String, _ bytes: UnsafeBufferPointer<UInt8>, invalidUTF8: JSONParser.InvalidUTF8) -> Result<[JSONValue], ConvertError> {
        do {
            return .success(try JSONParser.parseRecords(bytes, invalidUTF8: invalidUTF8))
        } catch {
            return .failure(ConvertError(file: file, message: "malformed JSON at \(error)"))
        }
    }
}
