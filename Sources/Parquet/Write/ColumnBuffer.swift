/// The levels and values of one leaf column, filled by the shredder: a batch's (`RowBatch`), or the rows a writer
/// takes one at a time.
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

    /// Empties the buffer for the next rows, keeping its memory.
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

    /// What the buffer's arrays hold, for another buffer to reserve room like it.
    struct Room: Sendable {
        var definitions = 0, repetitions = 0, values = 0, bytes = 0

        /// The larger of each: room for either.
        static func largest(_ a: Room, _ b: Room) -> Room {
            Room(definitions: max(a.definitions, b.definitions), repetitions: max(a.repetitions, b.repetitions),
                 values: max(a.values, b.values), bytes: max(a.bytes, b.bytes))
        }
    }

    var room: Room {
        Room(definitions: definitionLevels.count, repetitions: repetitionLevels.count, values: valueCount, bytes: byteArrays.data.count)
    }

    /// Room for `room` and an eighth more, so that filling the buffer does not grow its arrays: each growth is a
    /// fresh allocation, faulted in page by page, and a copy of the old. Room never written costs no memory, as
    /// its pages are never touched.
    mutating func reserve(like room: Room) {
        func more(_ count: Int) -> Int { count + count / 8 }
        definitionLevels.reserveCapacity(more(room.definitions))
        repetitionLevels.reserveCapacity(more(room.repetitions))
        switch descriptor.physicalType {
        case .boolean: booleans.reserveCapacity(more(room.values))
        case .int32: int32s.reserveCapacity(more(room.values))
        case .int64: int64s.reserveCapacity(more(room.values))
        case .double: doubles.reserveCapacity(more(room.values))
        case .byteArray, .fixedLenByteArray:
            byteArrays.data.reserveCapacity(more(room.bytes))
            byteArrays.offsets.reserveCapacity(more(room.values) + 1)
        case .float, .int96: break
        }
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

    /// Appends the byte array value that `fill` appends to the column's bytes: written there by its producer
    /// (a reader unescaping a string), with no buffer in between.
    mutating func appendBytes(repetition: Int, filling fill: (inout [UInt8]) -> Void) {
        byteArrays.append(filling: fill)
        valueBytes += 4 + byteArrays.length(byteArrays.count - 1)
        appendedValue(repetition: repetition)
    }

    @inline(__always)
    private mutating func appendedValue(repetition: Int) {
        valueCount += 1
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(UInt8(descriptor.maxDefinitionLevel)) }
        entryCount += 1
    }

    /// The PLAIN size of values `values`: what they add to `valueBytes`.
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
