/// Checked arithmetic on numbers read from a file: overflow is damage, not a trap.
enum Checked {
    static func multiply(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws(ParquetFormatError) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { throw ParquetFormatError("\(what()): \(a) × \(b) overflows") }
        return product
    }

    static func add(_ a: Int, _ b: Int, _ what: @autoclosure () -> String) throws(ParquetFormatError) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow else { throw ParquetFormatError("\(what()): \(a) + \(b) overflows") }
        return sum
    }

    /// A file-provided integer as an `Int` in `min...max`.
    static func int(_ value: Int64, min: Int, max: Int = .max, _ what: @autoclosure () -> String) throws(ParquetFormatError) -> Int {
        guard let v = Int(exactly: value), v >= min, v <= max else {
            throw ParquetFormatError("\(what()) \(value) is outside \(min)...\(max)")
        }
        return v
    }
}
