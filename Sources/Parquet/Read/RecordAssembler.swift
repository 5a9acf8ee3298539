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
            if repeated.wrapsListElement {
                return .list(items.map { if case .group(let g) = $0 { g[0] } else { $0 } })
            }
            return .list(items)
        }
        return .group(values)
    }
}
