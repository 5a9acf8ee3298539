import BatchStore
import Foundation

/// The product IDs of an input CSV, in file order, with what was skipped and why.
///
/// Accepts an optional header (`id`, or several columns one of which is `id`), a UTF-8 BOM, CRLF line ends,
/// blank lines and spaces around values. Non-numeric lines and repeated IDs are counted and skipped.
public struct ProductIDList: Sendable {
    public var path: String
    public var ids: [Int64] = []
    public var invalidLineCount = 0
    /// The first few 1-based line numbers of non-numeric lines.
    public var firstInvalidLines: [Int] = []
    public var duplicateCount = 0
    /// The first few 1-based line numbers of repeated IDs.
    public var firstDuplicateLines: [Int] = []

    static let sampleLimit = 10

    /// A list of IDs that did not come from a file (nothing skipped); `path` names it in reports.
    public init(path: String, ids: [Int64] = []) {
        self.path = path
        self.ids = ids
    }

    /// Reads the CSV at `path`.
    public static func read(contentsOf path: String) throws(StorageError) -> ProductIDList {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StorageError(path: path, message: "cannot read the ID list")
        }
        return parse(Array(data), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) -> ProductIDList {
        var list = ProductIDList(path: path)
        var seen = Set<Int64>()
        var column = 0
        var sawContent = false
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var lineNumber = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            lineNumber += 1
            let line = bytes[start..<end]
            start = end + 1
            let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trim)
            if fields.allSatisfy(\.isEmpty) { continue }
            let isFirstContent = !sawContent
            sawContent = true
            let field = column < fields.count ? fields[column] : []
            if let id = parseID(field) {
                if seen.insert(id).inserted {
                    list.ids.append(id)
                } else {
                    list.duplicateCount += 1
                    if list.firstDuplicateLines.count < sampleLimit { list.firstDuplicateLines.append(lineNumber) }
                }
                continue
            }
            if isFirstContent {
                // A header: find the `id` column (the first column when none is named `id`).
                let names = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
                column = names.firstIndex(of: "id") ?? names.firstIndex(of: "product_id") ?? 0
                continue
            }
            list.invalidLineCount += 1
            if list.firstInvalidLines.count < sampleLimit { list.firstInvalidLines.append(lineNumber) }
        }
        return list
    }

    private static func trim(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var f = field
        while let c = f.first, c == 0x20 || c == 0x09 || c == 0x0D || c == UInt8(ascii: "\"") { f = f.dropFirst() }
        while let c = f.last, c == 0x20 || c == 0x09 || c == 0x0D || c == UInt8(ascii: "\"") { f = f.dropLast() }
        return f
    }

    private static func parseID(_ field: ArraySlice<UInt8>) -> Int64? {
        guard !field.isEmpty, field.count <= 18 else { return nil }
        var value: Int64 = 0
        for c in field {
            guard c >= 0x30, c <= 0x39 else { return nil }
            value = value * 10 + Int64(c - 0x30)
        }
        return value > 0 ? value : nil
    }

    /// One line describing what was skipped, or `nil` when nothing was.
    public var skippedSummary: String? {
        var parts: [String] = []
        if invalidLineCount > 0 {
            parts.append("\(invalidLineCount) non-numeric line(s) skipped (first at line \(firstInvalidLines.map(String.init).joined(separator: ", ")))")
        }
        if duplicateCount > 0 {
            parts.append("\(duplicateCount) duplicate ID(s) skipped (first at line \(firstDuplicateLines.map(String.init).joined(separator: ", ")))")
        }
        return parts.isEmpty ? nil : "\(path): " + parts.joined(separator: "; ")
    }
}
