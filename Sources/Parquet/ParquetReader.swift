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
public final class ParquetFileReader {
    public let path: String
    public let metadata: FileMetaData
    public let root: SchemaNode
    public let columns: [ColumnDescriptor]
    public let leaves: [SchemaNode]
    private let data: Data

    public init(path: String) throws {
        self.path = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParquetFormatError("\(path): cannot read the file")
        }
        self.data = data
        guard data.count >= 12, data.prefix(4) == Data("PAR1".utf8), data.suffix(4) == Data("PAR1".utf8) else {
            throw ParquetFormatError("\(path): not a Parquet file (no PAR1 magic)")
        }
        let footerLength = data.withUnsafeBytes { Int($0.loadUnaligned(fromByteOffset: data.count - 8, as: UInt32.self)) }
        guard footerLength > 0, footerLength <= data.count - 12 else {
            throw ParquetFormatError("\(path): footer length \(footerLength) does not fit the file")
        }
        let metadata = try data.withUnsafeBytes { raw in
            var reader = ThriftReader(raw, at: data.count - 8 - footerLength)
            return try FileMetaData(try reader.readStruct())
        }
        self.metadata = metadata
        var index = 1
        var columns: [ColumnDescriptor] = []
        var leaves: [SchemaNode] = []
        func build(definition: Int, repetition: Int, path: [String]) throws -> SchemaNode {
            guard index < metadata.schema.count else { throw ParquetFormatError("schema: fewer elements than num_children says") }
            let element = metadata.schema[index]
            index += 1
            let rep = element.repetition ?? .required
            let def = definition + (rep == .required ? 0 : 1)
            let level = repetition + (rep == .repeated ? 1 : 0)
            if let type = element.type, (element.numChildren ?? 0) == 0 {
                let node = SchemaNode(element: element, children: [], definitionLevel: def, repetitionLevel: level, columnIndex: columns.count)
                columns.append(ColumnDescriptor(
                    path: path + [element.name], physicalType: type, maxDefinitionLevel: def, maxRepetitionLevel: level,
                    typeLength: element.typeLength.map(Int.init), logicalType: element.logicalType, convertedType: element.convertedType))
                leaves.append(node)
                return node
            }
            var children: [SchemaNode] = []
            for _ in 0..<Int(element.numChildren ?? 0) {
                children.append(try build(definition: def, repetition: level, path: path + [element.name]))
            }
            return SchemaNode(element: element, children: children, definitionLevel: def, repetitionLevel: level, columnIndex: nil)
        }
        guard let rootElement = metadata.schema.first else { throw ParquetFormatError("schema: empty") }
        var top: [SchemaNode] = []
        for _ in 0..<Int(rootElement.numChildren ?? 0) { top.append(try build(definition: 0, repetition: 0, path: [])) }
        root = SchemaNode(element: rootElement, children: top, definitionLevel: 0, repetitionLevel: 0, columnIndex: nil)
        self.columns = columns
        self.leaves = leaves
    }

    /// Reads every page of one column chunk.
    public func readColumn(rowGroup: Int, column: Int) throws -> ColumnChunkData {
        let descriptor = columns[column]
        let meta = metadata.rowGroups[rowGroup].columns[column].metaData
        var start = Int(meta.dataPageOffset)
        if let d = meta.dictionaryPageOffset, d > 0, d < start { start = Int(d) }
        var definitions: [UInt8] = []
        var repetitions: [UInt8] = []
        var values = ColumnValues.empty(descriptor.physicalType)
        var dictionary: ColumnValues?
        var entries = 0
        var position = start
        let chunkEnd = start + Int(meta.totalCompressedSize)
        try data.withUnsafeBytes { raw in
            while entries < meta.numValues {
                guard position < raw.count - 8, position < chunkEnd + 64 else {
                    throw ParquetFormatError("\(descriptor.path.joined(separator: ".")): pages end after \(entries) of \(meta.numValues) values")
                }
                var reader = ThriftReader(raw, at: position)
                let header = try PageHeader(try reader.readStruct())
                let bodyStart = reader.position
                let bodyEnd = bodyStart + Int(header.compressedPageSize)
                guard bodyEnd <= raw.count else { throw ParquetFormatError("page past the end of the file") }
                position = bodyEnd
                let body = UnsafeRawBufferPointer(rebasing: raw[bodyStart..<bodyEnd])
                switch header.type {
                case .dictionaryPage:
                    let payload = try decompress(body, codec: meta.codec, size: Int(header.uncompressedPageSize))
                    let count = Int(header.dictionaryPageHeader?.numValues ?? 0)
                    dictionary = try payload.withUnsafeBytes {
                        try PlainEncoding.decode($0, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count).0
                    }
                case .dataPage:
                    guard let page = header.dataPageHeader else { throw ParquetFormatError("data page without its header") }
                    let payload = try decompress(body, codec: meta.codec, size: Int(header.uncompressedPageSize))
                    try payload.withUnsafeBytes { bytes in
                        var p = 0
                        let n = Int(page.numValues)
                        if descriptor.maxRepetitionLevel > 0 {
                            repetitions += try readLevels(bytes, at: &p, maxLevel: descriptor.maxRepetitionLevel, count: n)
                        }
                        let pageDefinitions: [UInt8]
                        if descriptor.maxDefinitionLevel > 0 {
                            pageDefinitions = try readLevels(bytes, at: &p, maxLevel: descriptor.maxDefinitionLevel, count: n)
                            definitions += pageDefinitions
                        } else {
                            pageDefinitions = []
                        }
                        let present = descriptor.maxDefinitionLevel > 0
                            ? pageDefinitions.reduce(0) { $0 + ($1 == UInt8(descriptor.maxDefinitionLevel) ? 1 : 0) } : n
                        try decodeValues(UnsafeRawBufferPointer(rebasing: bytes[p...]), encoding: page.encoding, count: present,
                                         descriptor: descriptor, dictionary: dictionary, into: &values)
                        entries += n
                    }
                case .dataPageV2:
                    guard let page = header.dataPageHeaderV2 else { throw ParquetFormatError("data page v2 without its header") }
                    let n = Int(page.numValues)
                    let repLength = Int(page.repetitionLevelsByteLength), defLength = Int(page.definitionLevelsByteLength)
                    guard repLength + defLength <= body.count else { throw ParquetFormatError("v2 levels past the page") }
                    if descriptor.maxRepetitionLevel > 0 {
                        repetitions += try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: body[0..<repLength]),
                            bitWidth: RLEHybrid.bitWidth(forMax: descriptor.maxRepetitionLevel), count: n).map { UInt8($0) }
                    }
                    var pageDefinitions: [UInt8] = []
                    if descriptor.maxDefinitionLevel > 0 {
                        pageDefinitions = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: body[repLength..<(repLength + defLength)]),
                            bitWidth: RLEHybrid.bitWidth(forMax: descriptor.maxDefinitionLevel), count: n).map { UInt8($0) }
                        definitions += pageDefinitions
                    }
                    let rest = UnsafeRawBufferPointer(rebasing: body[(repLength + defLength)...])
                    let size = Int(header.uncompressedPageSize) - repLength - defLength
                    let payload = page.isCompressed ? try decompress(rest, codec: meta.codec, size: size) : Array(rest)
                    let present = n - Int(page.numNulls)
                    try payload.withUnsafeBytes {
                        try decodeValues($0, encoding: page.encoding, count: present, descriptor: descriptor, dictionary: dictionary, into: &values)
                    }
                    entries += n
                case .indexPage:
                    continue
                }
            }
        }
        return ColumnChunkData(definitionLevels: definitions, repetitionLevels: repetitions, values: values)
    }

    private func readLevels(_ bytes: UnsafeRawBufferPointer, at p: inout Int, maxLevel: Int, count: Int) throws -> [UInt8] {
        guard p + 4 <= bytes.count else { throw ParquetFormatError("levels: page too short") }
        let length = Int(bytes.loadUnaligned(fromByteOffset: p, as: UInt32.self))
        p += 4
        guard p + length <= bytes.count else { throw ParquetFormatError("levels: length past the page end") }
        let levels = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: bytes[p..<(p + length)]),
                                          bitWidth: RLEHybrid.bitWidth(forMax: maxLevel), count: count)
        p += length
        return levels.map { UInt8(truncatingIfNeeded: $0) }
    }

    private func decodeValues(
        _ bytes: UnsafeRawBufferPointer, encoding: Encoding, count: Int, descriptor: ColumnDescriptor, dictionary: ColumnValues?,
        into values: inout ColumnValues
    ) throws {
        guard count > 0 else { return }
        switch encoding {
        case .plain:
            let decoded = try PlainEncoding.decode(bytes, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count).0
            values.append(decoded)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else { throw ParquetFormatError("dictionary-encoded page without a dictionary page") }
            guard let width = bytes.first else { throw ParquetFormatError("dictionary page: no bit width") }
            let indices = try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: Int(width), count: count)
            guard indices.allSatisfy({ Int($0) < dictionary.count }) else { throw ParquetFormatError("dictionary index out of range") }
            values.append(dictionary.gather(indices))
        case .byteStreamSplit:
            values.append(try ByteStreamSplit.decode(bytes, type: descriptor.physicalType, typeLength: descriptor.typeLength, count: count))
        default:
            throw ParquetFormatError("\(descriptor.path.joined(separator: ".")): encoding \(encoding) is not supported by this reader")
        }
    }

    private func decompress(_ body: UnsafeRawBufferPointer, codec: CompressionCodec, size: Int) throws -> [UInt8] {
        switch codec {
        case .uncompressed: return Array(body)
        case .gzip: return try Gzip.decompress(body, size: size)
        case .snappy: return try Snappy.decompress(body, size: size)
        case .zstd: return try Zstd.decompress(body, size: size)
        default: throw ParquetFormatError("codec \(codec) is not supported by this reader (GZIP, SNAPPY, ZSTD and UNCOMPRESSED are)")
        }
    }

    /// The rows of a row group, assembled from every column: one value per top-level field.
    public func readRows(rowGroup: Int) throws -> [[ParquetValue]] {
        let chunks = try (0..<columns.count).map { try readColumn(rowGroup: rowGroup, column: $0) }
        let rowCount = Int(metadata.rowGroups[rowGroup].numRows)
        // Per leaf: the partial tree of each row.
        var perLeaf: [[Partial]] = []
        for (c, chunk) in chunks.enumerated() {
            var assembler = RecordAssembler(descriptor: columns[c], path: pathNodes(to: leaves[c]), chunk: chunk)
            perLeaf.append(try assembler.rows(expected: rowCount))
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

    private func pathNodes(to leaf: SchemaNode) -> [SchemaNode] {
        func find(_ node: SchemaNode, _ trail: [SchemaNode]) -> [SchemaNode]? {
            if node === leaf { return trail }
            for child in node.children {
                if let found = find(child, trail + [child]) { return found }
            }
            return nil
        }
        return find(root, []) ?? []
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

    mutating func rows(expected: Int) throws -> [Partial] {
        let entryCount = descriptor.maxDefinitionLevel > 0 ? chunk.definitionLevels.count
            : descriptor.maxRepetitionLevel > 0 ? chunk.repetitionLevels.count : chunk.valueCount
        valueIndexOfEntry = []
        valueIndexOfEntry.reserveCapacity(entryCount)
        var v = 0
        for e in 0..<entryCount {
            valueIndexOfEntry.append(v)
            if definition(e) == descriptor.maxDefinitionLevel { v += 1 }
        }
        var rows: [Partial] = []
        rows.reserveCapacity(expected)
        var start = 0
        while start < entryCount {
            var end = start + 1
            while end < entryCount, repetition(end) != 0 { end += 1 }
            rows.append(build(0, start..<end))
            start = end
        }
        guard rows.count == expected else {
            throw ParquetFormatError("\(descriptor.path.joined(separator: ".")): \(rows.count) rows in the column, \(expected) in the row group")
        }
        return rows
    }

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
