import BatchStore
import Columnar
import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// One input file of a load: a JSON batch (array or JSON Lines) or a Parquet file written by `convert`.
package enum LoadInput: Sendable, Equatable {
    case jsonBatch(String)
    case parquet(String)

    package var path: String {
        switch self {
        case .jsonBatch(let path), .parquet(let path): path
        }
    }

    /// Files as given (`*.parquet` as Parquet, anything else as a JSON batch); a folder gives its JSON batches,
    /// or its Parquet files when it holds no JSON (a `convert --out-dir` folder). Sorted by name within a folder.
    package static func expand(_ inputs: [String]) throws(LoadError) -> [LoadInput] {
        var files: [LoadInput] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw LoadError(.input, "\(input): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []).sorted()
                let parquet = names.filter { $0.hasSuffix(".parquet") }
                if !parquet.isEmpty, !names.contains(where: { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") || $0.hasSuffix(".ndjson") }) {
                    files += parquet.map { .parquet("\(input)/\($0)") }
                    continue
                }
                do {
                    files += try BatchInputs.expand([input]).map(LoadInput.jsonBatch)
                } catch {
                    throw LoadError(.input, error.description)
                }
            } else {
                files.append(input.hasSuffix(".parquet") ? .parquet(input) : .jsonBatch(input))
            }
        }
        guard !files.isEmpty else { throw LoadError(.input, "\(inputs.joined(separator: " ")): no input files") }
        return files
    }
}
