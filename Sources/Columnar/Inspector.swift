import Foundation
import Parquet
import TikiJSON
import TikiSchema

/// Describes a Parquet file: schema, row groups, and per column chunk its encodings, codec, sizes and statistics.
package struct Inspector {
    /// The file being inspected.
    package let reader: ParquetFileReader

    /// Opens the Parquet file at `path`; throws a `ParquetFormatError` naming it when it is not one.
    package init(path: String) throws {
        reader = try ParquetFileReader(path: path)
    }

    /// Describes a file already opened (from memory, say).
    package init(reader: ParquetFileReader) {
        self.reader = reader
    }

    /// The whole description as JSON.
    package func description() -> JSONValue {
        let meta = reader.metadata
        var groups: [JSONValue] = []
        for (g, group) in meta.rowGroups.enumerated() {
            var columns: [JSONValue] = []
            for (c, chunk) in group.columns.enumerated() {
                let m = chunk.metaData
                var object = JSONObject()
                object["path"] = .string(m.pathInSchema.joined(separator: "."))
                object["type"] = .string("\(m.type)")
                object["encodings"] = .array(m.encodings.map { .string("\($0)") })
                object["codec"] = .string("\(m.codec)")
                object["num_values"] = .int(m.numValues)
                object["compressed_bytes"] = .int(m.totalCompressedSize)
                object["uncompressed_bytes"] = .int(m.totalUncompressedSize)
                object["data_page_offset"] = .int(m.dataPageOffset)
                object["dictionary_page_offset"] = m.dictionaryPageOffset.map(JSONValue.int) ?? .null
                object["statistics"] = statistics(m.statistics, column: c)
                columns.append(.object(object))
            }
            groups.append(.object(JSONObject([
                "index": .int(Int64(g)), "rows": .int(group.numRows), "total_byte_size": .int(group.totalByteSize),
                "compressed_bytes": group.totalCompressedSize.map(JSONValue.int) ?? .null,
                "file_offset": group.fileOffset.map(JSONValue.int) ?? .null, "columns": .array(columns),
            ])))
        }
        var kv = JSONObject()
        for pair in meta.keyValueMetadata { kv[pair.key] = pair.value.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            "file": .string(reader.path),
            "version": .int(Int64(meta.version)),
            "created_by": meta.createdBy.map(JSONValue.string) ?? .null,
            "rows": .int(meta.numRows),
            "schema": .array(reader.root.children.map(schemaJSON)),
            "row_groups": .array(groups),
            "key_value_metadata": .object(kv),
        ]))
    }

    private func schemaJSON(_ node: SchemaNode) -> JSONValue {
        var object = JSONObject()
        object["name"] = .string(node.name)
        object["repetition"] = .string("\(node.repetition)")
        if let type = node.element.type { object["type"] = .string("\(type)") }
        if let logical = node.element.logicalType { object["logical_type"] = .string(Self.describe(logical)) }
        if !node.children.isEmpty { object["children"] = .array(node.children.map(schemaJSON)) }
        return .object(object)
    }

    static func describe(_ logical: LogicalType) -> String {
        switch logical {
        case .string: "STRING"
        case .list: "LIST"
        case .map: "MAP"
        case .timestampMicrosUTC: "TIMESTAMP(MICROS,UTC)"
        case .timestamp(let unit, let utc): "TIMESTAMP(\(unit),\(utc ? "UTC" : "local"))"
        case .integer(let bits, let signed): "INT(\(bits),\(signed ? "signed" : "unsigned"))"
        case .date: "DATE"
        case .decimal(let scale, let precision): "DECIMAL(\(precision),\(scale))"
        case .float16: "FLOAT16"
        case .other(let id): "logical#\(id)"
        }
    }

    /// The statistics of the chunk of column `index` (a position in the file's row group, so checked).
    private func statistics(_ stats: Statistics?, column index: Int) -> JSONValue {
        guard let stats, reader.columns.indices.contains(index), reader.leaves.indices.contains(index) else { return .null }
        let column = reader.columns[index], leaf = reader.leaves[index]
        var object = JSONObject()
        object["null_count"] = stats.nullCount.map(JSONValue.int) ?? .null
        object["min"] = (stats.minValue ?? stats.legacyMin).map { decode($0, column, leaf) } ?? .null
        object["max"] = (stats.maxValue ?? stats.legacyMax).map { decode($0, column, leaf) } ?? .null
        if stats.isMinExact == false || stats.isMaxExact == false { object["truncated"] = .bool(true) }
        return .object(object)
    }

    private func decode(_ bytes: [UInt8], _ column: ColumnDescriptor, _ leaf: SchemaNode) -> JSONValue {
        func load<T>(_ type: T.Type) -> T? {
            bytes.count == MemoryLayout<T>.size ? bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) } : nil
        }
        switch column.physicalType {
        case .int32: return load(Int32.self).map { .int(Int64($0)) } ?? .null
        case .int64:
            guard let v = load(Int64.self) else { return .null }
            return SchemaMapping.json(.int64(v), node: leaf)
        case .double: return load(Double.self).map(JSONValue.double) ?? .null
        case .float: return load(Float.self).map { .double(Double($0)) } ?? .null
        case .boolean: return bytes.first.map { .bool($0 != 0) } ?? .null
        case .byteArray, .fixedLenByteArray:
            return leaf.isString ? .string(String(decoding: bytes, as: UTF8.self)) : .string(bytes.map { String(format: "%02x", $0) }.joined())
        case .int96: return .null
        }
    }

    /// The first `count` rows as JSON objects.
    package func head(_ count: Int) throws -> [JSONValue] {
        try reader.readRows(limit: count).map { row in
            var object = JSONObject()
            for (node, value) in zip(reader.root.children, row) { object[node.name] = SchemaMapping.json(value, node: node) }
            return .object(object)
        }
    }

    /// A readable multi-line description.
    package func text() -> String {
        let meta = reader.metadata
        var lines: [String] = []
        lines.append("file: \(reader.path)")
        lines.append("created_by: \(meta.createdBy ?? "-")  version: \(meta.version)  rows: \(meta.numRows)  row groups: \(meta.rowGroups.count)")
        lines.append("schema:")
        func walk(_ node: SchemaNode, _ indent: String) {
            var line = "\(indent)\(node.repetition) "
            if let type = node.element.type { line += "\(type) " } else { line += "group " }
            line += node.name
            if let logical = node.element.logicalType { line += " (\(Self.describe(logical)))" }
            lines.append(line)
            for child in node.children { walk(child, indent + "  ") }
        }
        for child in reader.root.children { walk(child, "  ") }
        for (g, group) in meta.rowGroups.enumerated() {
            lines.append("row group \(g): \(group.numRows) rows, \(group.totalCompressedSize ?? 0) bytes compressed, \(group.totalByteSize) uncompressed")
            for (c, chunk) in group.columns.enumerated() {
                let m = chunk.metaData
                var line = "  \(m.pathInSchema.joined(separator: ".")): \(m.type) \(m.codec) [\(m.encodings.map { "\($0)" }.joined(separator: ","))]"
                line += " values \(m.numValues), \(m.totalCompressedSize)/\(m.totalUncompressedSize) bytes"
                if let s = m.statistics {
                    let st = statistics(s, column: c)
                    line += ", nulls \(s.nullCount.map(String.init) ?? "-")"
                    if let lo = st["min"], !lo.isNull { line += ", min \(JSONWriter.string(lo).prefix(40))" }
                    if let hi = st["max"], !hi.isNull { line += ", max \(JSONWriter.string(hi).prefix(40))" }
                }
                lines.append(line)
            }
        }
        if !meta.keyValueMetadata.isEmpty {
            lines.append("key-value metadata: " + meta.keyValueMetadata.map(\.key).joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
