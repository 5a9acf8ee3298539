/// One leaf column of a row group, as the slices its rows came in (`ColumnSlice`), drafted into one column chunk as
/// if they were one buffer: entries and values are numbered across the slices, in row order.
struct ChunkColumn: Sendable {
    let descriptor: ColumnDescriptor
    private(set) var slices: [ColumnSlice] = []
    /// Per slice, the number of its first entry and of its first value.
    private var entryStarts: [Int] = [], valueStarts: [Int] = []
    private(set) var entryCount = 0
    private(set) var valueCount = 0
    private(set) var nullCount = 0
    /// The PLAIN size of the values, to size row groups and pages.
    private(set) var valueBytes = 0

    init(descriptor: ColumnDescriptor) {
        self.descriptor = descriptor
    }

    /// Adds `buffer`'s entries `entries` and values `values`: the same rows of this column.
    mutating func append(_ buffer: ColumnBuffer, entries: Range<Int>, values: Range<Int>) {
        guard !entries.isEmpty else { return }
        slices.append(ColumnSlice(buffer: buffer, entries: entries, values: values))
        entryStarts.append(entryCount)
        valueStarts.append(valueCount)
        entryCount += entries.count
        valueCount += values.count
        nullCount += entries.count - values.count
        valueBytes += buffer.valueBytes(values: values)
    }

    /// Every slice's values, in order.
    var allValues: [ColumnValues.Slice] {
        slices.map { ColumnValues.Slice(values: $0.buffer.values, range: $0.values) }
    }

    /// The values numbered `range`, slice by slice.
    func values(_ range: Range<Int>) -> [ColumnValues.Slice] {
        pieces(of: range, starts: valueStarts, total: valueCount) { i, local in
            let slice = slices[i]
            let start = slice.values.lowerBound + local.lowerBound
            return ColumnValues.Slice(values: slice.buffer.values, range: start..<(start + local.count))
        }
    }

    /// The definition levels of entries `range`: in place when one slice holds them, else gathered (a byte each).
    func definitionLevels(_ range: Range<Int>) -> ArraySlice<UInt8> { levels(\.definitionLevels, range) }

    /// The repetition levels of entries `range`, as `definitionLevels(_:)`.
    func repetitionLevels(_ range: Range<Int>) -> ArraySlice<UInt8> { levels(\.repetitionLevels, range) }

    private func levels(_ levels: KeyPath<ColumnBuffer, [UInt8]>, _ range: Range<Int>) -> ArraySlice<UInt8> {
        let parts = pieces(of: range, starts: entryStarts, total: entryCount) { i, local in
            let start = slices[i].entries.lowerBound + local.lowerBound
            return slices[i].buffer[keyPath: levels][start..<(start + local.count)]
        }
        if parts.count == 1 { return parts[0] }
        var gathered: [UInt8] = []
        gathered.reserveCapacity(range.count)
        for part in parts { gathered.append(contentsOf: part) }
        return gathered[...]
    }

    /// `make(slice, its part of range, counted from the slice's first)` for each slice that `range` overlaps, where
    /// slice `i` numbers `starts[i]..<starts[i + 1]` (the last one up to `total`).
    private func pieces<T>(of range: Range<Int>, starts: [Int], total: Int, _ make: (Int, Range<Int>) -> T) -> [T] {
        guard !range.isEmpty else { return [] }
        // The last slice starting at or before the range holds its first: one before it ends where the next starts.
        var low = 0, high = starts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if starts[mid] <= range.lowerBound { low = mid } else { high = mid - 1 }
        }
        var parts: [T] = []
        var i = low
        while i < starts.count, starts[i] < range.upperBound {
            let end = i + 1 < starts.count ? starts[i + 1] : total
            let overlap = max(range.lowerBound, starts[i])..<min(range.upperBound, end)
            if !overlap.isEmpty { parts.append(make(i, (overlap.lowerBound - starts[i])..<(overlap.upperBound - starts[i]))) }
            i += 1
        }
        return parts
    }
}
