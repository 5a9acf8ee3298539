extension ColumnValues {
    /// Values `range` of a column's values: a row group's share of one of its slices.
    struct Slice: Sendable {
        let values: ColumnValues
        let range: Range<Int>

        /// All of `values`.
        init(_ values: ColumnValues) {
            self.init(values: values, range: 0..<values.count)
        }

        /// Values `range` of `values`.
        init(values: ColumnValues, range: Range<Int>) {
            self.values = values
            self.range = range
        }
    }
}

extension [ColumnValues.Slice] {
    /// Each slice's values, as `array` (`\.int64s`, …) reads them, cut to the slice: none are copied.
    func runs<T>(_ array: (ColumnValues) -> [T]?) -> [ArraySlice<T>] {
        compactMap { slice in array(slice.values).map { $0[slice.range] } }
    }
}
