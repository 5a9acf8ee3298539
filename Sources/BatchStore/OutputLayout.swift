import Foundation

/// Where a run's files live: `ROOT/jsonfile/products_NNN.json`, `ROOT/errorfile/errors_NNN.json`, and the
/// `retry_NNN.json` files of the retry stage in both folders.
package struct OutputLayout: Sendable {
    package var root: String

    package init(root: String) {
        self.root = root
    }

    package var productDirectory: String { "\(root)/jsonfile" }
    package var errorDirectory: String { "\(root)/errorfile" }
    package var runReport: String { "\(root)/run-report.json" }
    package var retryReport: String { "\(root)/retry-report.json" }

    /// The kinds of numbered file a run writes.
    package enum Series: Sendable, CaseIterable {
        case products, errors, retryProducts, retryErrors

        var prefix: String {
            switch self {
            case .products: "products_"
            case .errors: "errors_"
            case .retryProducts, .retryErrors: "retry_"
            }
        }
    }

    package func directory(for series: Series) -> String {
        switch series {
        case .products, .retryProducts: productDirectory
        case .errors, .retryErrors: errorDirectory
        }
    }

    /// The fewest digits of a file number: `products_001.json`, so that names sort in order.
    package static let minimumNumberWidth = 3

    /// Digits of the file numbers for `records` records in batches of `batchSize`: enough for the last file, and
    /// at least `minimumNumberWidth`.
    package static func numberWidth(records: Int, batchSize: Int) -> Int {
        max(minimumNumberWidth, String(max(1, (records + batchSize - 1) / batchSize)).count)
    }

    /// The path of file `number` of `series`, zero-padded to `width` digits so names sort.
    package func path(_ series: Series, number: Int, width: Int = minimumNumberWidth) -> String {
        let digits = String(number)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return "\(directory(for: series))/\(series.prefix)\(padded).json"
    }

    /// The existing files of `series`, sorted by number.
    package func existingFiles(_ series: Series) -> [(number: Int, path: String)] {
        let directory = directory(for: series)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var files: [(Int, String)] = []
        for name in names where name.hasPrefix(series.prefix) && name.hasSuffix(".json") {
            let digits = name.dropFirst(series.prefix.count).dropLast(5)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits) else { continue }
            files.append((number, "\(directory)/\(name)"))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// Creates the folders of the layout.
    package func createDirectories() throws(StorageError) {
        try AtomicFile.createDirectory(productDirectory)
        try AtomicFile.createDirectory(errorDirectory)
    }

    /// Deletes temporary files that a killed run left behind (they were never renamed, so hold nothing settled).
    @discardableResult
    package func removeStaleTemporaries() -> Int {
        var removed = 0
        for directory in [productDirectory, errorDirectory] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where name.contains(".json.tmp-") {
                if (try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")) != nil { removed += 1 }
            }
        }
        return removed
    }

    /// Removes every numbered file and report (for `--restart`).
    package func removeOutputs() throws(StorageError) {
        for series in Series.allCases {
            for file in existingFiles(series) {
                do { try FileManager.default.removeItem(atPath: file.path) } catch {
                    throw StorageError(path: file.path, message: "cannot remove: \(error)")
                }
            }
        }
        for report in [runReport, retryReport] where FileManager.default.fileExists(atPath: report) {
            try? FileManager.default.removeItem(atPath: report)
        }
    }
}
