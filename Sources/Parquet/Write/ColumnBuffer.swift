/// The levels and values of one leaf column for one row group, filled by the shredder.
///
/// Values go into one typed array per physical type (only one is used): appending to an array held directly
/// never copies, where an array inside an enum payload would be copied on every append.
struct ColumnBuffer: Sendable {
    let descriptor: ColumnDescriptor
    var definitionLevels: [UInt8] = []
    var repetitionLevels: [UInt8] = []
    private var booleans: [Bool] = []
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var doubles: [Double] = []
    private var byteArrays = ByteArrayBuffer()
    private(set) var valueCount = 0
    var entryCount = 0
    var nullCount = 0
    /// The PLAIN size of the values so far, to size row groups and pages.
    var valueBytes = 0

    init(descriptor: ColumnDescriptor) {
        self.descriptor = descriptor
    }

    /// An empty buffer with room for as much as `previous` held.
    init(descriptor: ColumnDescriptor, reservingLike previous: ColumnBuffer) {
        self.descriptor = descriptor
        reserve(like: previous, times: 1)
    }

    /// Room for `factor` times what `sample` holds (text with an eighth more), so that filling the buffer does
    /// not grow its arrays: each growth is a fresh allocation, faulted in page by page, and a copy of the old.
    mutating func reserve(like sample: ColumnBuffer, times factor: Double) {
        func scaled(_ count: Int, slack: Bool = false) -> Int {
            let wanted = Double(count) * factor * (slack ? 1.125 : 1)
            return wanted < Double(Int.max / 2) ? Int(wanted) : Int.max / 2
        }
        definitionLevels.reserveCapacity(scaled(sample.definitionLevels.count))
        repetitionLevels.reserveCapacity(scaled(sample.repetitionLevels.count))
        switch descriptor.physicalType {
        case .boolean: booleans.reserveCapacity(scaled(sample.valueCount))
        case .int32: int32s.reserveCapacity(scaled(sample.valueCount))
        case .int64: int64s.reserveCapacity(scaled(sample.valueCount))
        case .double: doubles.reserveCapacity(scaled(sample.valueCount))
        case .byteArray, .fixedLenByteArray:
            byteArrays.data.reserveCapacity(scaled(sample.byteArrays.data.count, slack: true))
            byteArrays.offsets.reserveCapacity(scaled(sample.byteArrays.offsets.count, slack: true))
        case .float, .int96: break
        }
    }

    /// Empties the buffer for the next row group, keeping its memory.
    mutating func removeAll() {
        definitionLevels.removeAll(keepingCapacity: true)
        repetitionLevels.removeAll(keepingCapacity: true)
        booleans.removeAll(keepingCapacity: true)
        int32s.removeAll(keepingCapacity: true)
        int64s.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        byteArrays.data.removeAll(keepingCapacity: true)
        byteArrays.offsets.removeAll(keepingCapacity: true)
        byteArrays.offsets.append(0)
        valueCount = 0
        entryCount = 0
        nullCount = 0
        valueBytes = 0
    }

    /// The values, by physical type (no copy: the arrays are shared until either side changes).
    var values: ColumnValues {
        switch descriptor.physicalType {
        case .boolean: .boolean(booleans)
        case .int32: .int32(int32s)
        case .int64: .int64(int64s)
        case .double: .double(doubles)
        case .byteArray, .fixedLenByteArray: .bytes(byteArrays)
        case .float, .int96: .empty(descriptor.physicalType)
        }
    }

    /// The sizes of everything in the buffer, to undo a partly shredded row.
    struct Mark {
        var entries, definitions, repetitions, values, valueBytes, nulls: Int
    }

    var mark: Mark {
        Mark(entries: entryCount, definitions: definitionLevels.count, repetitions: repetitionLevels.count,
             values: valueCount, valueBytes: valueBytes, nulls: nullCount)
    }

    mutating func truncate(to mark: Mark) {
        entryCount = mark.entries
        definitionLevels.removeLast(definitionLevels.count - mark.definitions)
        repetitionLevels.removeLast(repetitionLevels.count - mark.repetitions)
        valueBytes = mark.valueBytes
        nullCount = mark.nulls
        let extra = valueCount - mark.values
        valueCount = mark.values
        guard extra > 0 else { return }
        switch descriptor.physicalType {
        case .boolean: booleans.removeLast(extra)
        case .int32: int32s.removeLast(extra)
        case .int64: int64s.removeLast(extra)
        case .double: doubles.removeLast(extra)
        case .byteArray, .fixedLenByteArray:
            byteArrays.offsets.removeLast(extra)
            byteArrays.data.removeLast(byteArrays.data.count - byteArrays.offsets.last!)
        case .float, .int96: break
        }
    }

    mutating func appendNull(repetition: Int, definition: Int) {
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(UInt8(definition)) }
        entryCount += 1
        nullCount += 1
    }

    mutating func append(_ value: ParquetValue, repetition: Int) throws(ParquetWriteError) {
        switch (descriptor.physicalType, value) {
        case (.int64, .int64(let x)):
            int64s.append(x)
            valueBytes += 8
        case (.int32, .int32(let x)):
            int32s.append(x)
            valueBytes += 4
        case (.double, .double(let x)):
            doubles.append(x)
            valueBytes += 8
        case (.boolean, .boolean(let x)):
            booleans.append(x)
            valueBytes += 1
        case (.byteArray, .string(let s)):
            byteArrays.append(s)
            valueBytes += 4 + byteArrays.length(byteArrays.count - 1)
        case (.byteArray, .bytes(let b)):
            byteArrays.append(b)
            valueBytes += 4 + b.count
        default:
            throw ParquetWriteError(column: descriptor.path.joined(separator: "."), message: "a \(value) value in a \(descriptor.physicalType) column")
        }
        valueCount += 1
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(UInt8(descriptor.maxDefinitionLevel)) }
        entryCount += 1
    }

    // MARK: Typed appends, for rows built field by field (`RowBatchBuilder`); the physical type is checked there.

    mutating func appendInt64(_ x: Int64, repetition: Int) {
        int64s.append(x)
        valueBytes += 8
        appendedValue(repetition: repetition)
    }

    mutating func appendInt32(_ x: Int32, repetition: Int) {
        int32s.append(x)
        valueBytes += 4
        appendedValue(repetition: repetition)
    }

    mutating func appendDouble(_ x: Double, repetition: Int) {
        doubles.append(x)
        valueBytes += 8
        appendedValue(repetition: repetition)
    }

    mutating func appendBoolean(_ x: Bool, repetition: Int) {
        booleans.append(x)
        valueBytes += 1
        appendedValue(repetition: repetition)
    }

    mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>, repetition: Int) {
        byteArrays.append(bytes)
        valueBytes += 4 + bytes.count
        appendedValue(repetition: repetition)
    }

    @inline(__always)
    private mutating func appendedValue(repetition: Int) {
        valueCount += 1
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(UInt8(descriptor.maxDefinitionLevel)) }
        entryCount += 1
    }

    /// Appends `other`'s entries `entries` and values `values` (the same rows of the same column).
    mutating func append(contentsOf other: ColumnBuffer, entries: Range<Int>, values: Range<Int>) {
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(contentsOf: other.repetitionLevels[entries]) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(contentsOf: other.definitionLevels[entries]) }
        switch descriptor.physicalType {
        case .boolean:
            booleans.append(contentsOf: other.booleans[values])
            valueBytes += values.count
        case .int32:
            int32s.append(contentsOf: other.int32s[values])
            valueBytes += 4 * values.count
        case .int64:
            int64s.append(contentsOf: other.int64s[values])
            valueBytes += 8 * values.count
        case .double:
            doubles.append(contentsOf: other.doubles[values])
            valueBytes += 8 * values.count
        case .byteArray, .fixedLenByteArray:
            let dataRange = other.byteArrays.offsets[values.lowerBound]..<other.byteArrays.offsets[values.upperBound]
            byteArrays.append(contentsOf: other.byteArrays, values: values)
            valueBytes += 4 * values.count + dataRange.count
        case .float, .int96: break
        }
        valueCount += values.count
        entryCount += entries.count
        nullCount += entries.count - values.count
    }

    /// What `append(contentsOf:entries:values:)` would add to `valueBytes`.
    func valueBytes(values: Range<Int>) -> Int {
        switch descriptor.physicalType {
        case .boolean: values.count
        case .int32: 4 * values.count
        case .int64, .double: 8 * values.count
        case .byteArray, .fixedLenByteArray:
            4 * values.count + byteArrays.offsets[values.upperBound] - byteArrays.offsets[values.lowerBound]
        case .float, .int96: 0
        }
    }
}
