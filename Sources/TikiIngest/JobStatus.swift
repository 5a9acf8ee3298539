import BatchStore
import Foundation
import TikiJSON

/// What ingest output folders hold, one row per folder (a shard's, or an unsplit run's) and their sum: records,
/// errors by class, and how many IDs are still to fetch.
///
/// The batch and error files are the truth (`OutputLedger`), so the figures are right while a run is still going or
/// after it crashed; the run report adds how many IDs the folder's run was given, which the files cannot tell.
package struct JobStatus: Sendable {
    /// One output folder.
    package struct Folder: Sendable {
        package var path: String
        /// `I/N` from the run report, `nil` before the first report.
        package var shard: String?
        /// IDs the folder's run was given, from its run report; `nil` before the first report.
        package var inputIDs: Int?
        package var records = 0
        package var errors: [OutcomeClass: Int] = [:]
        /// Error entries whose class this version does not know, by the name in the file.
        package var otherErrors: [String: Int] = [:]
        /// Files that could not be read (their IDs count as not done).
        package var unreadable: [StorageError] = []
        /// `finished`, `interrupted`, `gave up` or `running or never reported`.
        package var state = "running or never reported"

        /// IDs in transient error classes: `retry` fetches them again.
        package var transientErrors: Int { errors.filter { $0.key.isTransient }.values.reduce(0, +) }
        package var errorCount: Int { errors.values.reduce(0, +) + otherErrors.values.reduce(0, +) }
        /// IDs with neither a record nor an error entry; `nil` when the input size is unknown.
        package var remaining: Int? { inputIDs.map { max(0, $0 - records - errorCount) } }
    }

    package var folders: [Folder]

    /// The output folders that `paths` name: each path that is an output folder itself (it has `jsonfile/`,
    /// `errorfile/` or a run report), else its `shard-*` subfolders, in name order.
    package static func outputFolders(_ paths: [String]) throws(StorageError) -> [String] {
        var folders: [String] = []
        for path in paths {
            let layout = OutputLayout(root: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw StorageError(path: path, message: "no such folder")
            }
            let fm = FileManager.default
            if [layout.productDirectory, layout.errorDirectory, layout.runReport].contains(where: fm.fileExists(atPath:)) {
                folders.append(path)
                continue
            }
            let shards = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix("shard-") }.sorted()
            guard !shards.isEmpty else {
                throw StorageError(path: path, message: "not an ingest output folder (no jsonfile/, errorfile/, run-report.json or shard-*/)")
            }
            folders += shards.map { "\(path)/\($0)" }
        }
        return folders
    }

    /// Reads every folder that `paths` name.
    package static func load(_ paths: [String]) throws(StorageError) -> JobStatus {
        JobStatus(folders: try outputFolders(paths).map(folder))
    }

    static func folder(_ path: String) -> Folder {
        let layout = OutputLayout(root: path)
        let ledger = OutputLedger.load(layout)
        var folder = Folder(path: path)
        folder.records = ledger.recordIDs.count
        folder.unreadable = ledger.unreadable
        for (entry, _) in ledger.errors.values {
            if let outcome = OutcomeClass(rawValue: entry.error) {
                folder.errors[outcome, default: 0] += 1
            } else {
                folder.otherErrors[entry.error, default: 0] += 1
            }
        }
        if let bytes = try? FileBytes.read(layout.runReport), let json = try? JSONParser.parse(bytes) {
            let report = RunReport.Outline(json)
            folder.inputIDs = report.inputIDs
            folder.shard = report.shard
            folder.state = report.gaveUp ? "gave up" : report.interrupted ? "interrupted" : "finished"
        }
        return folder
    }

    /// The sum of every folder; its input size is known only when every folder's is.
    package var total: Folder {
        var sum = Folder(path: "total")
        sum.inputIDs = folders.allSatisfy { $0.inputIDs != nil } ? folders.compactMap(\.inputIDs).reduce(0, +) : nil
        for folder in folders {
            sum.records += folder.records
            sum.errors.merge(folder.errors, uniquingKeysWith: +)
            sum.otherErrors.merge(folder.otherErrors, uniquingKeysWith: +)
            sum.unreadable += folder.unreadable
        }
        let states = Set(folders.map(\.state))
        sum.state = states.count == 1 ? states.first! : "mixed"
        return sum
    }

    /// Whether every ID of every folder is settled and none in a transient class: nothing left to do.
    package var isComplete: Bool {
        let sum = total
        return sum.remaining == 0 && sum.transientErrors == 0 && sum.unreadable.isEmpty
    }

    /// The status as JSON: each folder and the total.
    package var json: JSONValue {
        func encode(_ f: Folder) -> JSONValue {
            var errors = JSONObject()
            for (outcome, n) in f.errors.sorted(by: { $0.key < $1.key }) { errors[outcome.rawValue] = .int(Int64(n)) }
            for (name, n) in f.otherErrors.sorted(by: { $0.key < $1.key }) { errors[name] = .int(Int64(n)) }
            return .object(JSONObject([
                "path": .string(f.path),
                "shard": f.shard.map(JSONValue.string) ?? .null,
                "state": .string(f.state),
                "input_ids": f.inputIDs.map { .int(Int64($0)) } ?? .null,
                "records": .int(Int64(f.records)),
                "errors": .int(Int64(f.errorCount)),
                "errors_by_class": .object(errors),
                "transient_errors": .int(Int64(f.transientErrors)),
                "remaining": f.remaining.map { .int(Int64($0)) } ?? .null,
                "unreadable_files": .array(f.unreadable.map { .string($0.description) }),
            ]))
        }
        return .object(JSONObject([
            "folders": .array(folders.map(encode)),
            "total": encode(total),
            "complete": .bool(isComplete),
        ]))
    }

    /// A table: a row per folder, the total, then the errors by class.
    package var table: String {
        let header = ["folder", "shard", "state", "ids", "records", "errors", "transient", "remaining"]
        func row(_ f: Folder) -> [String] {
            [f.path, f.shard ?? "-", f.state, f.inputIDs.map(String.init) ?? "?", String(f.records), String(f.errorCount),
             String(f.transientErrors), f.remaining.map(String.init) ?? "?"]
        }
        var rows = [header] + folders.map(row)
        if folders.count > 1 { rows.append(row(total)) }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { cells in
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column < 3 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let sum = total
        let classes = sum.errors.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
            + sum.otherErrors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        if !classes.isEmpty { lines.append("errors by class: " + classes.joined(separator: ", ")) }
        for problem in sum.unreadable { lines.append("unreadable: \(problem)") }
        return lines.joined(separator: "\n")
    }
}
