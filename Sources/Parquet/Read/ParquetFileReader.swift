import Foundation

/// Reads Parquet files: footer, schema, pages (PLAIN and dictionary; uncompressed and GZIP), levels, rows.
///
/// Nothing in the file is trusted: every offset, size, count and level is checked before use, so damaged input
/// throws a `ParquetFormatError` naming the file (and the row group, column and page where known) instead of
/// trapping, reading out of bounds or looping.
public final class ParquetFileReader {
    /// The file's path, or the name given to bytes read from memory.
    public let path: String
    /// The decoded footer.
    public let metadata: FileMetaData
    /// The schema tree, the root first.
    public let root: SchemaNode
    /// The leaf columns in file order, with their maximum levels.
    public let columns: [ColumnDescriptor]
    /// The schema nodes of the leaf columns, in the same order as `columns`.
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

    /// Reads and checks the footer of the file at `path`.
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
