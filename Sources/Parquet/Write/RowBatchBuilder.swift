/// Builds a `RowBatch` from events, field by field in any order, the way a streaming reader meets a document
/// (as parquet-mr's `RecordConsumer` does): no row of `ParquetValue`s is ever made.
///
/// Inside a row or a group, each field is written at most once, in any order; fields never written are null
/// when the group ends. Inside a list, each call writes the next element, through the list's `element` field.
/// The builder owns the Dremel levels: a caller says only what it found. Any misuse (a required field left
/// unwritten, a value of the wrong physical type, a field twice) throws, and the batch must then be dropped.
public struct RowBatchBuilder: Sendable {
    /// A field of the schema, at any depth.
    public struct Field: Hashable, Sendable {
        let node: Int
    }

    struct Node: Sendable {
        enum Kind: Sendable {
            case leaf(column: Int)
            case list(element: Int, repetitionLevel: Int)
            case group(children: [Int])
        }

        var name: String
        var nullable: Bool
        var kind: Kind
        var parent: Int?
        /// Index among the parent's children (0 for a list's element).
        var position: Int
        var leaves: Range<Int>
    }

    /// One open row, group or list.
    private struct Frame {
        /// -1 for the row itself.
        var node: Int
        var repetition: Int
        /// The definition level of a present value here (the group's or list's own level).
        var definition: Int
        /// For a row or group: where its children's written flags start in `written`.
        var writtenBase: Int
        /// For a list: elements so far.
        var elements = 0
    }

    private let nodes: [Node]
    /// Per node, for the per-value path: the parent (-1 for a top-level field), the position in it, the list's
    /// repetition level (0 when not a list), the leaf's column (-1 when not a leaf), whether it is nullable.
    private let parents: [Int], positions: [Int], listLevels: [Int], leafColumns: [Int], nullables: [Bool]
    /// The top-level fields, in schema order.
    public let fields: [Field]
    private let topLevel: [Int]
    private var frames: [Frame] = []
    private var written: [Bool] = []
    /// The batch being built, held here rather than in a `RowBatch` until `finish`: every append to a class's
    /// stored property is checked for exclusive access at run time, and those checks were about 2% of a SNAPPY
    /// conversion's CPU samples (`perf record`; none left after).
    private var columns: [ColumnBuffer]
    private var ends: [RowBatch.RowEnd] = []

    /// A builder whose rows go into `spare`'s memory: a spent batch of the same schema, emptied here.
    public init(schema: ParquetSchema, reusing spare: RowBatch) {
        self.init(schema: schema)
        if spare.columns.map(\.descriptor.path) == columns.map(\.descriptor.path) {
            spare.removeAll()
            // Swapped, not copied, so that the spare's arrays stay uniquely referenced and are filled in place.
            swap(&columns, &spare.columns)
            swap(&ends, &spare.ends)
        }
    }

    /// A builder of rows of `schema` into a new batch with room for about `size`: rows like another batch's fill
    /// it without growing its arrays.
    public init(schema: ParquetSchema, reservingLike size: RowBatch.Size) {
        self.init(schema: schema)
        guard size.columns.count == columns.count else { return }
        for c in columns.indices { columns[c].reserve(like: size.columns[c]) }
        ends.reserveCapacity((size.rows + size.rows / 8) * columns.count)
    }

    /// A builder of rows of `schema`, into a new batch.
    public init(schema: ParquetSchema) {
        var nodes: [Node] = []
        var nextColumn = 0
        func add(_ field: ParquetField, parent: Int?, position: Int, repetition: Int) -> Int {
            let index = nodes.count
            nodes.append(Node(name: field.name, nullable: field.nullable, kind: .group(children: []), parent: parent,
                              position: position, leaves: nextColumn..<nextColumn))
            let first = nextColumn
            switch field.type {
            case .list(let element):
                let child = add(element, parent: index, position: 0, repetition: repetition + 1)
                nodes[index].kind = .list(element: child, repetitionLevel: repetition + 1)
            case .group(let children):
                var ids: [Int] = []
                for (i, child) in children.enumerated() { ids.append(add(child, parent: index, position: i, repetition: repetition)) }
                nodes[index].kind = .group(children: ids)
            default:
                nodes[index].kind = .leaf(column: nextColumn)
                nextColumn += 1
            }
            nodes[index].leaves = first..<nextColumn
            return index
        }
        var top: [Int] = []
        for (i, field) in schema.fields.enumerated() { top.append(add(field, parent: nil, position: i, repetition: 0)) }
        self.nodes = nodes
        parents = nodes.map { $0.parent ?? -1 }
        positions = nodes.map(\.position)
        listLevels = nodes.map { if case .list(_, let level) = $0.kind { level } else { 0 } }
        leafColumns = nodes.map { if case .leaf(let c) = $0.kind { c } else { -1 } }
        nullables = nodes.map(\.nullable)
        topLevel = top
        fields = top.map(Field.init)
        columns = schema.columns.map { ColumnBuffer(descriptor: $0) }
    }

    /// The children of a group field, in schema order.
    public func children(of field: Field) -> [Field] {
        if case .group(let children) = nodes[field.node].kind { return children.map(Field.init) }
        return []
    }

    /// The element field of a list field.
    public func element(of field: Field) -> Field? {
        if case .list(let element, _) = nodes[field.node].kind { return Field(node: element) }
        return nil
    }

    /// The rows built so far.
    public var rowCount: Int { columns.isEmpty ? 0 : ends.count / columns.count }

    /// Takes the rows built so far, leaving the builder empty.
    public mutating func finish() -> RowBatch {
        precondition(frames.isEmpty, "a row is still open")
        let batch = RowBatch(columns: columns, ends: ends)
        columns = columns.map { ColumnBuffer(descriptor: $0.descriptor) }
        ends = []
        return batch
    }

    // MARK: Rows, groups and lists

    /// Starts a row; a top-level field not given before `endRow` is null.
    public mutating func beginRow() {
        precondition(frames.isEmpty, "a row is already open")
        written.removeAll(keepingCapacity: true)
        written.append(contentsOf: repeatElement(false, count: fields.count))
        frames.append(Frame(node: -1, repetition: 0, definition: 0, writtenBase: 0))
    }

    /// Ends the row; throws naming a required field that was not given.
    public mutating func endRow() throws(ParquetWriteError) {
        guard frames.count == 1 else { throw ParquetWriteError(column: "", message: "endRow inside a group or list") }
        try closeGroup(children: topLevel)
        for column in columns { ends.append(RowBatch.RowEnd(entries: column.entryCount, values: column.valueCount)) }
    }

    /// Starts the struct value of `field`.
    public mutating func beginGroup(_ field: Field) throws(ParquetWriteError) {
        guard case .group(let children) = nodes[field.node].kind else { throw misuse(field, "is not a group") }
        let (repetition, definition) = try place(field)
        frames.append(Frame(node: field.node, repetition: repetition, definition: present(field, definition),
                            writtenBase: written.count))
        written.append(contentsOf: repeatElement(false, count: children.count))
    }

    /// Ends the struct value started last.
    public mutating func endGroup() throws(ParquetWriteError) {
        guard let node = frames.last?.node, node >= 0, case .group(let children) = nodes[node].kind else {
            throw ParquetWriteError(column: "", message: "endGroup outside a group")
        }
        try closeGroup(children: children)
    }

    /// Starts the list value of `field`; its elements follow, then `endList`.
    public mutating func beginList(_ field: Field) throws(ParquetWriteError) {
        guard case .list = nodes[field.node].kind else { throw misuse(field, "is not a list") }
        let (repetition, definition) = try place(field)
        frames.append(Frame(node: field.node, repetition: repetition, definition: present(field, definition), writtenBase: 0))
    }

    /// Ends the list started last (an empty list when nothing came between).
    public mutating func endList() throws(ParquetWriteError) {
        guard let frame = frames.last, frame.node >= 0, case .list(let element, _) = nodes[frame.node].kind else {
            throw ParquetWriteError(column: "", message: "endList outside a list")
        }
        frames.removeLast()
        // An empty list is one entry per leaf, defined up to the list itself.
        if frame.elements == 0 {
            for c in nodes[element].leaves { columns[c].appendNull(repetition: frame.repetition, definition: frame.definition) }
        }
    }

    /// Whether `field`, a field of the open row or group, has been written.
    public func isWritten(_ field: Field) -> Bool {
        guard let frame = frames.last, parents[field.node] == frame.node else { return false }
        if frame.node >= 0, listLevels[frame.node] > 0 { return false }
        return written[frame.writtenBase + positions[field.node]]
    }

    /// The first required field of the open row or group not written yet, so a caller can name it in its own terms.
    public var missingRequiredField: Field? {
        guard let frame = frames.last else { return nil }
        let children: [Int]
        if frame.node < 0 {
            children = topLevel
        } else if case .group(let ids) = nodes[frame.node].kind {
            children = ids
        } else {
            return nil
        }
        return children.first { !nullables[$0] && !written[frame.writtenBase + positions[$0]] }.map(Field.init)
    }

    // MARK: Values

    /// Gives `field` no value; throws when it is required.
    public mutating func null(_ field: Field) throws(ParquetWriteError) {
        guard nullables[field.node] else { throw misuse(field, "is required and cannot be null") }
        let (repetition, definition) = try place(field)
        for c in nodes[field.node].leaves { columns[c].appendNull(repetition: repetition, definition: definition) }
    }

    /// Gives `field`, an INT64 leaf, `value`.
    public mutating func int64(_ field: Field, _ value: Int64) throws(ParquetWriteError) {
        let (c, repetition) = try leaf(field, .int64)
        columns[c].appendInt64(value, repetition: repetition)
    }

    /// Gives `field`, an INT32 leaf, `value`.
    public mutating func int32(_ field: Field, _ value: Int32) throws(ParquetWriteError) {
        let (c, repetition) = try leaf(field, .int32)
        columns[c].appendInt32(value, repetition: repetition)
    }

    /// Gives `field`, a DOUBLE leaf, `value`.
    public mutating func double(_ field: Field, _ value: Double) throws(ParquetWriteError) {
        let (c, repetition) = try leaf(field, .double)
        columns[c].appendDouble(value, repetition: repetition)
    }

    /// Gives `field`, a BOOLEAN leaf, `value`.
    public mutating func boolean(_ field: Field, _ value: Bool) throws(ParquetWriteError) {
        let (c, repetition) = try leaf(field, .boolean)
        columns[c].appendBoolean(value, repetition: repetition)
    }

    /// A BYTE_ARRAY value (a string's UTF-8 bytes), copied once into the column.
    public mutating func bytes(_ field: Field, _ value: UnsafeBufferPointer<UInt8>) throws(ParquetWriteError) {
        let (c, repetition) = try leaf(field, .byteArray)
        columns[c].appendBytes(value, repetition: repetition)
    }

    /// Writes a byte array value that `fill` appends to the column's bytes itself (a reader unescaping a string
    /// straight into its column). What `fill` appends is the value, even nothing; it may only append.
    public mutating func bytes(_ field: Field, filling fill: (inout [UInt8]) -> Void) throws(ParquetWriteError) {
        let (c, repetition) = try leaf(field, .byteArray)
        columns[c].appendBytes(repetition: repetition, filling: fill)
    }

    // MARK: Levels

    /// The levels at which `field` is written now, claiming its place in the open group or list.
    private mutating func place(_ field: Field) throws(ParquetWriteError) -> (repetition: Int, definition: Int) {
        guard let frame = frames.last else { throw misuse(field, "written outside a row") }
        guard parents[field.node] == frame.node else { throw misuse(field, "is not a field of the open group or list") }
        if frame.node >= 0, listLevels[frame.node] > 0 {
            frames[frames.count - 1].elements += 1
            // The first element continues the enclosing record; later ones repeat at the list's level.
            return (frame.elements == 0 ? frame.repetition : listLevels[frame.node], frame.definition + 1)
        }
        let slot = frame.writtenBase + positions[field.node]
        guard !written[slot] else { throw misuse(field, "is written twice") }
        written[slot] = true
        return (frame.repetition, frame.definition)
    }

    /// Definition level of `field` present, given the level of its parent.
    private func present(_ field: Field, _ definition: Int) -> Int {
        nullables[field.node] ? definition + 1 : definition
    }

    private mutating func leaf(_ field: Field, _ type: PhysicalType) throws(ParquetWriteError) -> (column: Int, repetition: Int) {
        let c = leafColumns[field.node]
        guard c >= 0, columns[c].descriptor.physicalType == type else { throw misuse(field, "does not hold \(type) values") }
        return (c, try place(field).repetition)
    }

    /// Ends the open row or group: fields never written become null.
    private mutating func closeGroup(children: [Int]) throws(ParquetWriteError) {
        guard let frame = frames.last else { throw ParquetWriteError(column: "", message: "no open row") }
        for child in children where !written[frame.writtenBase + positions[child]] {
            guard nullables[child] else { throw misuse(Field(node: child), "is required and was not written") }
            for c in nodes[child].leaves { columns[c].appendNull(repetition: frame.repetition, definition: frame.definition) }
        }
        written.removeLast(written.count - frame.writtenBase)
        frames.removeLast()
    }

    private func misuse(_ field: Field, _ problem: String) -> ParquetWriteError {
        var path = [nodes[field.node].name]
        var parent = nodes[field.node].parent
        while let p = parent {
            path.insert(nodes[p].name, at: 0)
            parent = nodes[p].parent
        }
        return ParquetWriteError(column: path.joined(separator: "."), message: "field \(problem)")
    }
}
