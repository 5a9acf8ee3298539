import Foundation

/// A node of a file's schema tree, with the levels at which it is present.
public final class SchemaNode: Sendable {
    public let element: SchemaElement
    public let children: [SchemaNode]
    /// Definition level at which this node is present (counts OPTIONAL and REPEATED nodes down to it).
    public let definitionLevel: Int
    public let repetitionLevel: Int
    /// For leaves: the column index.
    public let columnIndex: Int?
    /// How many leaf columns lie under (or at) this node.
    public let leafCount: Int

    init(element: SchemaElement, children: [SchemaNode], definitionLevel: Int, repetitionLevel: Int, columnIndex: Int?) {
        self.element = element
        self.children = children
        self.definitionLevel = definitionLevel
        self.repetitionLevel = repetitionLevel
        self.columnIndex = columnIndex
        leafCount = columnIndex != nil ? 1 : children.reduce(0) { $0 + $1.leafCount }
    }

    public var name: String { element.name }
    public var isLeaf: Bool { columnIndex != nil }
    public var repetition: Repetition { element.repetition ?? .required }
    public var isList: Bool { element.logicalType == .list || element.convertedType == 3 }
    /// MAP (and the legacy MAP_KEY_VALUE) groups read as lists of key/value groups.
    public var isMap: Bool { element.logicalType == .map || element.convertedType == 1 || element.convertedType == 2 }
    public var isString: Bool {
        element.logicalType == .string || element.convertedType == 0 || element.convertedType == 4 || element.convertedType == 19
    }
}

/// The levels and values of one column chunk, pages concatenated and dictionaries resolved.
public struct ColumnChunkData: Sendable {
    public var definitionLevels: [UInt8]
    public var repetitionLevels: [UInt8]
    var values: ColumnValues
    public var valueCount: Int { values.count }
}

/// Reads Parquet files: footer, schema, pages (PLAIN and dictionary; uncompressed and GZIP), levels, rows.
///
/// Nothing in the file is trusted: every offset, size, count and level is checked before use, so damaged input
/// throws a `ParquetFormatError` naming the file (and the row group, column and page where known) instead of
/// trapping, reading out of bounds or looping.
public final class ParquetFileReader {
    /// The file's path, or the name given to bytes read from memory.
    public let path: String
    public let metadata: FileMetaData
    public let root: SchemaNode
    public let columns: [ColumnDescriptor]
    public let leaves: [SchemaNode]
    private let data: Data
    /// Where the footer starts: pages must end before it.
    private let dataEnd: Int
    /// Whether page CRCs, where written, are checked (off only to reach the decoders when fuzzing).
    private let verifiesChecksums: Bool
    private let leafPaths: [[SchemaNode]]

    /// Schemas nest no deeper than this, which keeps levels far below 255 (they are stored as bytes) and the
    /// tree-walking recursion shallow.
    static let maxSchemaDepth = 64
    static let magic = Data("PAR1".utf8)

    public convenience init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParquetFormatError("\(path): cannot read the file")
        }
        try self.init(data: data, name: path)
    }

    /// Reads a Parquet file held in memory; `name` stands for it in errors.
    public convenience init(bytes: [UInt8], name: String, verifyingChecksums: Bool = true) throws {
        try self.init(data: Data(bytes), name: name, verifyingChecksums: verifyingChecksums)
    }

    /// Reads a Parquet file held in memory; `name` stands for it in errors.
    public init(data: Data, name: String, verifyingChecksums: Bool = true) throws {
        path = name
        self.data = data
        verifiesChecksums = verifyingChecksums
        do {
            guard data.count >= 12, data.prefix(4) == Self.magic, data.suffix(4) == Self.magic else {
                throw ParquetFormatError("not a Parquet file (no PAR1 magic)")
            }
            let footerLength = data.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: $0.count - 8, as: UInt32.self).littleEndian) }
            guard footerLength > 0, footerLength <= data.count - 12 else {
                throw ParquetFormatError("footer length \(footerLength) does not fit the file of \(data.count) bytes")
            }
            dataEnd = data.count - 8 - footerLength
            let metadata = try data.withUnsafeBytes { raw throws(ParquetFormatError) in
                var reader = ThriftReader(UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 8)]), at: raw.count - 8 - footerLength)
                do throws(ParquetFormatError) {
                    return try FileMetaData(try reader.readStruct())
                } catch {
                    throw error.located("footer")
                }
            }
            self.metadata = metadata
            (root, columns, leaves) = try Self.schemaTree(metadata.schema)
            leafPaths = Self.leafPaths(root, columns: columns.count)
            guard metadata.numRows >= 0 else { throw ParquetFormatError("footer: num_rows \(metadata.numRows) is negative") }
            for (g, group) in metadata.rowGroups.enumerated() {
                guard group.columns.count == columns.count else {
                    throw ParquetFormatError("row group \(g): \(group.columns.count) column chunks, the schema has \(columns.count) columns")
                }
                guard group.numRows >= 0 else { throw ParquetFormatError("row group \(g): num_rows \(group.numRows) is negative") }
            }
        } catch let error as ParquetFormatError {
            throw error.located(name)
        }
    }

    /// Builds the schema tree from its depth-first list, checking that num_children adds up to the list.
    private static func schemaTree(_ schema: [SchemaElement]) throws(ParquetFormatError) -> (SchemaNode, [ColumnDescriptor], [SchemaNode]) {
        var index = 1
        var columns: [ColumnDescriptor] = []
        var leaves: [SchemaNode] = []
        func childCount(_ element: SchemaElement) throws(ParquetFormatError) -> Int {
            let n = Int(element.numChildren ?? 0)
            guard n >= 0, n <= schema.count - index else {
                throw ParquetFormatError("schema: \(element.name) has num_children \(n), \(schema.count - index) elements follow")
            }
            return n
        }
        func build(definition: Int, repetition: Int, path: [String], depth: Int) throws(ParquetFormatError) -> SchemaNode {
            guard depth <= maxSchemaDepth else { throw ParquetFormatError("schema: nested deeper than \(maxSchemaDepth)") }
            guard index < schema.count else { throw ParquetFormatError("schema: fewer elements than num_children says") }
            let element = schema[index]
            index += 1
            let rep = element.repetition ?? .required
            let def = definition + (rep == .required ? 0 : 1)
            let level = repetition + (rep == .repeated ? 1 : 0)
            let n = try childCount(element)
            if let type = element.type, n == 0 {
                let node = SchemaNode(element: element, children: [], definitionLevel: def, repetitionLevel: level, columnIndex: columns.count)
                columns.append(ColumnDescriptor(
                    path: path + [element.name], physicalType: type, maxDefinitionLevel: def, maxRepetitionLevel: level,
                    typeLength: element.typeLength.map(Int.init), logicalType: element.logicalType, convertedType: element.convertedType))
                leaves.append(node)
                return node
            }
            guard n > 0 else { throw ParquetFormatError("schema: group \(element.name) has no children") }
            var children: [SchemaNode] = []
            for _ in 0..<n {
                children.append(try build(definition: def, repetition: level, path: path + [element.name], depth: depth + 1))
            }
            return SchemaNode(element: element, children: children, definitionLevel: def, repetitionLevel: level, columnIndex: nil)
        }
        guard let rootElement = schema.first else { throw ParquetFormatError("schema: empty") }
        var top: [SchemaNode] = []
        for _ in 0..<(try childCount(rootElement)) { top.append(try build(definition: 0, repetition: 0, path: [], depth: 1)) }
        guard index == schema.count else {
            throw ParquetFormatError("schema: num_children accounts for \(index) of \(schema.count) elements")
        }
        guard !columns.isEmpty else { throw ParquetFormatError("schema: no columns") }
        let root = SchemaNode(element: rootElement, children: top, definitionLevel: 0, repetitionLevel: 0, columnIndex: nil)
        return (root, columns, leaves)
    }

    /// Reads every page of one column chunk.
    public func readColumn(rowGroup: Int, column: Int) throws -> ColumnChunkData {
        guard metadata.rowGroups.indices.contains(rowGroup), columns.indices.contains(column) else {
            throw ParquetFormatError("\(path): no row group \(rowGroup), column \(column)")
        }
        let descriptor = columns[column]
        do {
            let group = metadata.rowGroups[rowGroup]
            // Without repetition every row is one entry, so the counts must agree (which also makes the memory a
            // chunk's num_values asks for depend on a second, independent number).
            if descriptor.maxRepetitionLevel == 0, group.columns[column].metaData.numValues != group.numRows {
                throw ParquetFormatError("num_values \(group.columns[column].metaData.numValues), num_rows \(group.numRows)")
            }
            return try data.withUnsafeBytes { raw throws(ParquetFormatError) in
                var pages = PageReader(
                    file: UnsafeRawBufferPointer(rebasing: raw[..<dataEnd]), descriptor: descriptor,
                    meta: metadata.rowGroups[rowGroup].columns[column].metaData, verifiesChecksums: verifiesChecksums)
                return try pages.readAll()
            }
        } catch let error as ParquetFormatError {
            throw error.located("\(path): row group \(rowGroup), column \(descriptor.path.joined(separator: "."))")
        }
    }

    /// The rows of a row group, assembled from every column: one value per top-level field.
    public func readRows(rowGroup: Int) throws -> [[ParquetValue]] {
        guard metadata.rowGroups.indices.contains(rowGroup) else { throw ParquetFormatError("\(path): no row group \(rowGroup)") }
        let chunks = try (0..<columns.count).map { try readColumn(rowGroup: rowGroup, column: $0) }
        let rowCount = Int(metadata.rowGroups[rowGroup].numRows)
        // Per leaf: the partial tree of each row.
        var perLeaf: [[Partial]] = []
        for (c, chunk) in chunks.enumerated() {
            var assembler = RecordAssembler(descriptor: columns[c], path: leafPaths[c], chunk: chunk)
            do throws(ParquetFormatError) {
                perLeaf.append(try assembler.rows(expected: rowCount))
            } catch {
                throw error.located("\(path): row group \(rowGroup)")
            }
        }
        var rows: [[ParquetValue]] = []
        rows.reserveCapacity(rowCount)
        for r in 0..<rowCount {
            var leaf = 0
            var row: [ParquetValue] = []
            for field in root.children {
                let partials = (leaf..<(leaf + field.leafCount)).map { perLeaf[$0][r] }
                row.append(RecordAssembler.merge(field, partials))
                leaf += field.leafCount
            }
            rows.append(row)
        }
        return rows
    }

    /// All rows of the file, up to `limit`.
    public func readRows(limit: Int = .max) throws -> [[ParquetValue]] {
        var rows: [[ParquetValue]] = []
        for g in metadata.rowGroups.indices where rows.count < limit {
            rows += try readRows(rowGroup: g).prefix(limit - rows.count)
        }
        return rows
    }

    /// The nodes from the top down to each leaf (the root left out), in column order: one walk of the tree, as
    /// a search per leaf would take quadratic time on a footer with many columns.
    private static func leafPaths(_ root: SchemaNode, columns: Int) -> [[SchemaNode]] {
        var paths = Array(repeating: [SchemaNode](), count: columns)
        func walk(_ node: SchemaNode, _ trail: [SchemaNode]) {
            if let column = node.columnIndex { paths[column] = trail }
            for child in node.children { walk(child, trail + [child]) }
        }
        walk(root, [])
        return paths
    }
}

extension ColumnValues {
    mutating func append(_ other: ColumnValues) {
        switch (self, other) {
        case (.boolean(var a), .boolean(let b)): self = .int32([]); a += b; self = .boolean(a)
        case (.int32(var a), .int32(let b)): self = .boolean([]); a += b; self = .int32(a)
        case (.int64(var a), .int64(let b)): self = .boolean([]); a += b; self = .int64(a)
        case (.int96(var a), .int96(let b)): self = .boolean([]); a += b; self = .int96(a)
        case (.float(var a), .float(let b)): self = .boolean([]); a += b; self = .float(a)
        case (.double(var a), .double(let b)): self = .boolean([]); a += b; self = .double(a)
        case (.bytes(var a), .bytes(let b)):
            self = .boolean([])
            let base = a.data.count
            a.data += b.data
            a.offsets += b.offsets.dropFirst().map { $0 + base }
            self = .bytes(a)
        default: preconditionFailure("mismatched column value types")
        }
    }

    /// The bytes `gather(indices)` makes.
    func gatheredBytes(_ indices: [UInt32]) -> Int {
        switch self {
        case .boolean: indices.count
        case .int32, .float: indices.count * 4
        case .int64, .double: indices.count * 8
        case .int96: indices.count * 12
        case .bytes(let b): indices.reduce(0) { $0 &+ b.length(Int($1)) }
        }
    }

    func gather(_ indices: [UInt32]) -> ColumnValues {
        switch self {
        case .boolean(let v): .boolean(indices.map { v[Int($0)] })
        case .int32(let v): .int32(indices.map { v[Int($0)] })
        case .int64(let v): .int64(indices.map { v[Int($0)] })
        case .int96(let v): .int96(indices.map { v[Int($0)] })
        case .float(let v): .float(indices.map { v[Int($0)] })
        case .double(let v): .double(indices.map { v[Int($0)] })
        case .bytes(let b):
            {
                var out = ByteArrayBuffer()
                for i in indices { out.append(b[Int(i)]) }
                return .bytes(out)
            }()
        }
    }
}

/// One leaf's view of one row: which nodes on its path are present, which lists it crosses, and its value.
indirect enum Partial {
    case null
    case list([Partial])
    case present(Partial)
    case leaf(ParquetValue)
}

/// Dremel record assembly, done per leaf and then merged over the schema tree.
struct RecordAssembler {
    let descriptor: ColumnDescriptor
    let path: [SchemaNode]
    let chunk: ColumnChunkData
    let asString: Bool
    var valueIndexOfEntry: [Int] = []

    init(descriptor: ColumnDescriptor, path: [SchemaNode], chunk: ColumnChunkData) {
        self.descriptor = descriptor
        self.path = path
        self.chunk = chunk
        asString = path.last?.isString ?? false
    }

    func definition(_ e: Int) -> Int { descriptor.maxDefinitionLevel > 0 ? Int(chunk.definitionLevels[e]) : 0 }
    func repetition(_ e: Int) -> Int { descriptor.maxRepetitionLevel > 0 ? Int(chunk.repetitionLevels[e]) : 0 }

    mutating func rows(expected: Int) throws(ParquetFormatError) -> [Partial] {
        let entryCount = descriptor.maxDefinitionLevel > 0 ? chunk.definitionLevels.count
            : descriptor.maxRepetitionLevel > 0 ? chunk.repetitionLevels.count : chunk.valueCount
        guard descriptor.maxRepetitionLevel == 0 || chunk.repetitionLevels.count == entryCount else {
            throw ParquetFormatError("\(columnName): \(chunk.repetitionLevels.count) repetition levels, \(entryCount) definition levels")
        }
        // An entry that continues a list at repetition level r must reach at least that list's definition level;
        // assembly relies on it to find a value wherever the levels say one is present.
        var listDefinition = [0]
        for node in path where node.repetition == .repeated { listDefinition.append(node.definitionLevel) }
        valueIndexOfEntry = []
        valueIndexOfEntry.reserveCapacity(entryCount)
        var v = 0
        for e in 0..<entryCount {
            let r = repetition(e)
            guard r < listDefinition.count, definition(e) >= listDefinition[r] else {
                throw ParquetFormatError("\(columnName): entry \(e) has definition level \(definition(e)) under repetition level \(r)")
            }
            valueIndexOfEntry.append(v)
            if definition(e) == descriptor.maxDefinitionLevel { v += 1 }
        }
        guard v == chunk.valueCount else {
            throw ParquetFormatError("\(columnName): levels say \(v) values, the pages hold \(chunk.valueCount)")
        }
        var rows: [Partial] = []
        rows.reserveCapacity(min(expected, entryCount))
        var start = 0
        while start < entryCount {
            var end = start + 1
            while end < entryCount, repetition(end) != 0 { end += 1 }
            rows.append(build(0, start..<end))
            start = end
        }
        guard rows.count == expected else {
            throw ParquetFormatError("\(columnName): \(rows.count) rows in the column, \(expected) in the row group")
        }
        return rows
    }

    private var columnName: String { descriptor.path.joined(separator: ".") }

    func build(_ i: Int, _ entries: Range<Int>) -> Partial {
        let node = path[i]
        switch node.repetition {
        case .repeated:
            if definition(entries.lowerBound) < node.definitionLevel { return .list([]) }
            var elements: [Partial] = []
            var start = entries.lowerBound
            for e in (entries.lowerBound + 1)..<(entries.upperBound + 1) {
                if e == entries.upperBound || repetition(e) <= node.repetitionLevel {
                    elements.append(content(i, start..<e))
                    start = e
                }
            }
            return .list(elements)
        case .optional:
            return definition(entries.lowerBound) < node.definitionLevel ? .null : .present(content(i, entries))
        case .required:
            return .present(content(i, entries))
        }
    }

    func content(_ i: Int, _ entries: Range<Int>) -> Partial {
        if i == path.count - 1 {
            return .leaf(chunk.values.value(at: valueIndexOfEntry[entries.lowerBound], asString: asString))
        }
        return build(i + 1, entries)
    }

    /// Combines the partials of every leaf under `node` into the node's value.
    static func merge(_ node: SchemaNode, _ partials: [Partial]) -> ParquetValue {
        switch node.repetition {
        case .repeated:
            guard case .list(let first) = partials[0] else { return .null }
            let lists: [[Partial]] = partials.map { if case .list(let l) = $0 { l } else { [] } }
            return .list((0..<first.count).map { j in
                mergeContent(node, lists.map { (list: [Partial]) -> Partial in j < list.count ? list[j] : .null })
            })
        case .optional, .required:
            if case .null = partials[0] { return .null }
            return mergeContent(node, partials.map { if case .present(let p) = $0 { p } else { $0 } })
        }
    }

    static func mergeContent(_ node: SchemaNode, _ partials: [Partial]) -> ParquetValue {
        if node.isLeaf {
            if case .leaf(let v) = partials[0] { return v }
            return .null
        }
        var values: [ParquetValue] = []
        var leaf = 0
        for child in node.children {
            values.append(merge(child, Array(partials[leaf..<(leaf + child.leafCount)])))
            leaf += child.leafCount
        }
        if node.isMap, node.children.count == 1, node.children[0].repetition == .repeated, case .list(let items) = values[0] {
            return .list(items)
        }
        if node.isList, node.children.count == 1, node.children[0].repetition == .repeated, case .list(let items) = values[0] {
            let repeated = node.children[0]
            // Three-level lists wrap each element in a one-field group; legacy `array`/`_tuple` groups are the element.
            if !repeated.isLeaf, repeated.children.count == 1, repeated.name != "array", !repeated.name.hasSuffix("_tuple") {
                return .list(items.map { if case .group(let g) = $0 { g[0] } else { $0 } })
            }
            return .list(items)
        }
        return .group(values)
    }
}
