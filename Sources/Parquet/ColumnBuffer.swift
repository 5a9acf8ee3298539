/// Contiguous BYTE_ARRAY values: their bytes end to end, and where each starts.
struct ByteArrayBuffer: Sendable {
    var data: [UInt8] = []
    /// `offsets[i]..<offsets[i+1]` is value `i`; starts with 0.
    var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    mutating func append(_ bytes: some Collection<UInt8>) {
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { data.append(contentsOf: $0) }
        offsets.append(data.count)
    }

    subscript(i: Int) -> ArraySlice<UInt8> { data[offsets[i]..<offsets[i + 1]] }

    func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }
}

/// The non-null values of a column, by physical type.
enum ColumnValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case int96([[UInt8]])
    case float([Float])
    case double([Double])
    case bytes(ByteArrayBuffer)

    static func empty(_ type: PhysicalType) -> ColumnValues {
        switch type {
        case .boolean: .boolean([])
        case .int32: .int32([])
        case .int64: .int64([])
        case .int96: .int96([])
        case .float: .float([])
        case .double: .double([])
        case .byteArray, .fixedLenByteArray: .bytes(ByteArrayBuffer())
        }
    }

    var count: Int {
        switch self {
        case .boolean(let v): v.count
        case .int32(let v): v.count
        case .int64(let v): v.count
        case .int96(let v): v.count
        case .float(let v): v.count
        case .double(let v): v.count
        case .bytes(let v): v.count
        }
    }

    /// Value `i` as a `ParquetValue`.
    func value(at i: Int, asString: Bool) -> ParquetValue {
        switch self {
        case .boolean(let v): .boolean(v[i])
        case .int32(let v): .int32(v[i])
        case .int64(let v): .int64(v[i])
        case .int96(let v): .bytes(v[i])
        case .float(let v): .float(v[i])
        case .double(let v): .double(v[i])
        case .bytes(let v): asString ? .string(String(decoding: v[i], as: UTF8.self)) : .bytes(Array(v[i]))
        }
    }
}

/// The levels and values of one leaf column for one row group, filled by the shredder.
struct ColumnBuffer: Sendable {
    let descriptor: ColumnDescriptor
    var definitionLevels: [UInt8] = []
    var repetitionLevels: [UInt8] = []
    var values: ColumnValues
    var entryCount = 0
    var nullCount = 0
    /// The PLAIN size of the values so far, to size row groups and pages.
    var valueBytes = 0

    init(descriptor: ColumnDescriptor) {
        self.descriptor = descriptor
        values = .empty(descriptor.physicalType)
    }

    /// The sizes of everything in the buffer, to undo a partly shredded row.
    struct Mark {
        var entries, definitions, repetitions, values, valueBytes, nulls: Int
    }

    var mark: Mark {
        Mark(entries: entryCount, definitions: definitionLevels.count, repetitions: repetitionLevels.count,
             values: values.count, valueBytes: valueBytes, nulls: nullCount)
    }

    mutating func truncate(to mark: Mark) {
        entryCount = mark.entries
        definitionLevels.removeLast(definitionLevels.count - mark.definitions)
        repetitionLevels.removeLast(repetitionLevels.count - mark.repetitions)
        valueBytes = mark.valueBytes
        nullCount = mark.nulls
        let extra = values.count - mark.values
        guard extra > 0 else { return }
        switch values {
        case .boolean(var v): v.removeLast(extra); values = .boolean(v)
        case .int32(var v): v.removeLast(extra); values = .int32(v)
        case .int64(var v): v.removeLast(extra); values = .int64(v)
        case .int96(var v): v.removeLast(extra); values = .int96(v)
        case .float(var v): v.removeLast(extra); values = .float(v)
        case .double(var v): v.removeLast(extra); values = .double(v)
        case .bytes(var b):
            b.offsets.removeLast(extra)
            b.data.removeLast(b.data.count - b.offsets.last!)
            values = .bytes(b)
        }
    }

    mutating func appendNull(repetition: Int, definition: Int) {
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(UInt8(definition)) }
        entryCount += 1
        nullCount += 1
    }

    mutating func append(_ value: ParquetValue, repetition: Int) throws(ParquetWriteError) {
        switch (values, value) {
        case (.int64(var v), .int64(let x)):
            values = .int32([])  // release the array so the append does not copy
            v.append(x)
            values = .int64(v)
            valueBytes += 8
        case (.int32(var v), .int32(let x)):
            values = .boolean([])
            v.append(x)
            values = .int32(v)
            valueBytes += 4
        case (.double(var v), .double(let x)):
            values = .boolean([])
            v.append(x)
            values = .double(v)
            valueBytes += 8
        case (.boolean(var v), .boolean(let x)):
            values = .int32([])
            v.append(x)
            values = .boolean(v)
            valueBytes += 1
        case (.bytes(var v), .string(let s)):
            values = .boolean([])
            v.append(s)
            valueBytes += 4 + v.length(v.count - 1)
            values = .bytes(v)
        case (.bytes(var v), .bytes(let b)):
            values = .boolean([])
            v.append(b)
            valueBytes += 4 + b.count
            values = .bytes(v)
        default:
            throw ParquetWriteError(column: descriptor.path.joined(separator: "."), message: "a \(value) value in a \(descriptor.physicalType) column")
        }
        if descriptor.maxRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
        if descriptor.maxDefinitionLevel > 0 { definitionLevels.append(UInt8(descriptor.maxDefinitionLevel)) }
        entryCount += 1
    }
}

/// A row that does not fit the schema, naming the column.
public struct ParquetWriteError: Error, Sendable, CustomStringConvertible {
    public var column: String
    public var message: String

    public init(column: String, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { column.isEmpty ? message : "column \(column): \(message)" }
}
