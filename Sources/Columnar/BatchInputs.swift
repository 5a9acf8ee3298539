import BatchStore
import Foundation
import TikiJSON
import TikiSchema

/// Input batch files named on the command line: files as given, folders expanded to their batch files.
///
/// A folder without batch files of its own that is an ingest output folder stands for its `jsonfile/`, and a folder
/// of shards (`shard-I-of-N/`) for every shard's `jsonfile/`, so one command converts a whole sharded job.
package enum BatchInputs {
    package static func expand(_ inputs: [String]) throws(StorageError) -> [String] {
        var files: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
                throw StorageError(path: input, message: "no such file or folder")
            }
            if isDirectory.boolValue {
                files += batchFiles(in: input)
            } else {
                files.append(input)
            }
        }
        guard !files.isEmpty else { throw StorageError(path: inputs.joined(separator: " "), message: "no JSON batch files found") }
        return files
    }

    private static func batchFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let batches = names.filter { $0.hasSuffix(".json") || $0.hasSuffix(".jsonl") || $0.hasSuffix(".ndjson") }.sorted()
        if !batches.isEmpty { return batches.map { "\(folder)/\($0)" } }
        if names.contains("jsonfile") { return batchFiles(in: OutputLayout(root: folder).productDirectory) }
        return names.filter { $0.hasPrefix("shard-") }.sorted().flatMap { shard -> [String] in
            let products = OutputLayout(root: "\(folder)/\(shard)").productDirectory
            return FileManager.default.fileExists(atPath: products) ? batchFiles(in: products) : []
        }
    }

    /// Infers a schema from every record of `files`.
    ///
    /// Parsing is most of the cost, so the files are parsed by the converter's prefetcher, one per core, while
    /// this thread merges the records of the file before: read one file at a time, the pass used one core only.
    package static func inferSchema(
        _ files: [String], name: String = "inferred", widen: Bool = false, invalidUTF8: JSONParser.InvalidUTF8 = .reject
    ) throws -> Schema {
        var inferrer = SchemaInferrer(widenConflictsToString: widen)
        var total = 0
        var prefetch = BatchPrefetcher(files: files, invalidUTF8: invalidUTF8)
        while let (file, loaded) = prefetch.next() {
            let records: [JSONValue]
            switch loaded {
            case .success(let batch): records = batch.output
            case .failure(let error): throw StorageError(path: file, message: error.message)
            }
            for (i, record) in records.enumerated() { try inferrer.add(record, file: file, record: i + 1) }
            total += records.count
        }
        guard total > 0 else { throw StorageError(path: files.joined(separator: " "), message: "no records to infer a schema from") }
        return inferrer.schema(name: name)
    }
}
