import BatchStore
import Foundation

/// The product IDs of an input CSV, in file order, with what was skipped and why.
///
/// Accepts an optional header (`id`, or several columns one of which is `id`), a UTF-8 BOM, CRLF line ends,
/// blank lines, spaces around values and quoted fields (RFC 4180). Lines without a valid ID (not a number,
/// zero or negative, too many digits) and repeated IDs are counted, with their line numbers, and skipped.
package struct ProductIDList: Sendable {
    package var path: String
    package var ids: [Int64] = []
    /// The part of the file's IDs this list holds (`Shard.whole` unless `filtered(to:)` made it).
    package var shard = Shard.whole
    package var invalidLineCount = 0
    /// The first few 1-based line numbers of lines without a valid ID.
    package var firstInvalidLines: [Int] = []
    /// Why lines were skipped: reason → count.
    package var rejections: [String: Int] = [:]
    package var duplicateCount = 0
    /// The first few 1-based line numbers of repeated IDs.
    package var firstDuplicateLines: [Int] = []

    static let sampleLimit = 10

    /// A list of IDs that did not come from a file (nothing skipped); `path` names it in reports.
    package init(path: String, ids: [Int64] = []) {
        self.path = path
        self.ids = ids
    }

    /// Reads the CSV at `path`; a missing file, a folder or an unreadable file is an error that says which.
    package static func read(contentsOf path: String) throws(StorageError) -> ProductIDList {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StorageError(path: path, message: "cannot read the ID list: no such file")
        }
        guard !isDirectory.boolValue else { throw StorageError(path: path, message: "cannot read the ID list: it is a folder") }
        let bytes: [UInt8]
        do { bytes = try FileBytes.read(path) } catch { throw StorageError(path: path, message: "cannot read the ID list: \(error.message)") }
        return parse(bytes, path: path)
    }

    /// Why a field is not a product ID.
    enum Rejection: String, Error {
        case notANumber = "not a number"
        case notPositive = "not a positive ID"
        case tooLong = "too many digits for an ID"
    }

    package static func parse(_ bytes: [UInt8], path: String) -> ProductIDList {
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
            let fields = CSVLine.fields(bytes[start..<end]).map(trim)
            start = end + 1
            if fields.allSatisfy(\.isEmpty) { continue }
            let isFirstContent = !sawContent
            sawContent = true
            let field = column < fields.count ? fields[column] : []
            switch parseID(field) {
            case .success(let id):
                if seen.insert(id).inserted {
                    list.ids.append(id)
                } else {
                    list.duplicateCount += 1
                    if list.firstDuplicateLines.count < sampleLimit { list.firstDuplicateLines.append(lineNumber) }
                }
            case .failure(let rejection):
                if isFirstContent, rejection == .notANumber {
                    // A header: find the `id` column (the first column when none is named `id`).
                    let names = fields.map { String(decoding: $0, as: UTF8.self).lowercased() }
                    column = names.firstIndex(of: "id") ?? names.firstIndex(of: "product_id") ?? 0
                    continue
                }
                list.invalidLineCount += 1
                list.rejections[rejection.rawValue, default: 0] += 1
                if list.firstInvalidLines.count < sampleLimit { list.firstInvalidLines.append(lineNumber) }
            }
        }
        return list
    }

    private static func trim(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var f = field
        while let c = f.first, c == 0x20 || c == 0x09 || c == 0x0D { f = f.dropFirst() }
        while let c = f.last, c == 0x20 || c == 0x09 || c == 0x0D { f = f.dropLast() }
        return f
    }

    private static func parseID(_ field: ArraySlice<UInt8>) -> Result<Int64, Rejection> {
        var digits = field
        if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .failure(.notANumber) }
        let significant = digits.drop { $0 == 0x30 }
        // 18 digits always fit an Int64; Tiki's IDs have 9.
        guard significant.count <= 18 else { return .failure(negative ? .notPositive : .tooLong) }
        let value = significant.reduce(Int64(0)) { $0 * 10 + Int64($1 - 0x30) }
        return negative || value == 0 ? .failure(.notPositive) : .success(value)
    }

    /// One line describing what was skipped, or `nil` when nothing was.
    package var skippedSummary: String? {
        var parts: [String] = []
        if invalidLineCount > 0 {
            let reasons = rejections.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            parts.append("\(invalidLineCount) line(s) without a valid ID skipped (\(reasons); first at line \(firstInvalidLines.map(String.init).joined(separator: ", ")))")
        }
        if duplicateCount > 0 {
            parts.append("\(duplicateCount) duplicate ID(s) skipped (first at line \(firstDuplicateLines.map(String.init).joined(separator: ", ")))")
        }
        return parts.isEmpty ? nil : "\(path): " + parts.joined(separator: "; ")
    }
}
