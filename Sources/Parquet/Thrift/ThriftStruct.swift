struct ThriftStruct {
    var fields: [Int16: ThriftValue] = [:]

    subscript(id: Int16) -> ThriftValue? { fields[id] }

    /// An integer field that must fit `T`: nil when absent or not an integer, damage when out of range.
    func integer<T: FixedWidthInteger>(_ id: Int16, as type: T.Type, _ what: @autoclosure () -> String) throws(ParquetFormatError) -> T? {
        guard let value = fields[id]?.int else { return nil }
        guard let exact = T(exactly: value) else { throw ParquetFormatError("\(what()) \(value) does not fit \(T.self)") }
        return exact
    }
}
