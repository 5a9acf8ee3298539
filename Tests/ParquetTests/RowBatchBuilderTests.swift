import Foundation
import Testing
@testable import Parquet

/// `RowBatchBuilder` against `ParquetWriter.write(row:)`: the same rows told as events, fields in shuffled order
/// and nulls left unwritten, give the same file byte for byte.
@Suite struct RowBatchBuilderTests {
    final class Memory: ParquetOutput {
        var bytes: [UInt8] = []
        func write(_ chunk: [UInt8]) throws { bytes += chunk }
    }

    /// Tells one value of `field` to the builder; a null is sometimes just left out, as a reader that never
    /// meets the member would.
    func emit(_ value: ParquetValue, _ field: RowBatchBuilder.Field, type: ParquetFieldType, into builder: inout RowBatchBuilder, omitNull: Bool) throws {
        switch (value, type) {
        case (.null, _): if !omitNull { try builder.null(field) }
        case (.list(let items), .list(let element)):
            try builder.beginList(field)
            for item in items { try emit(item, builder.element(of: field)!, type: element.type, into: &builder, omitNull: false) }
            try builder.endList()
        case (.group(let values), .group(let children)):
            try builder.beginGroup(field)
            let targets = builder.children(of: field)
            for i in values.indices.reversed() { try emit(values[i], targets[i], type: children[i].type, into: &builder, omitNull: i % 2 == 0) }
            try builder.endGroup()
        case (.int64(let x), _): try builder.int64(field, x)
        case (.int32(let x), _): try builder.int32(field, x)
        case (.double(let x), _): try builder.double(field, x)
        case (.boolean(let x), _): try builder.boolean(field, x)
        case (.string(let s), _): try Array(s.utf8).withUnsafeBufferPointer { try builder.bytes(field, $0) }
        default: Issue.record("unexpected \(value) for \(type)")
        }
    }

    func file(_ rows: [[ParquetValue]], batches: Int, options: ParquetWriterOptions, events: Bool) throws -> [UInt8] {
        let schema = ParquetSchema(fields: everyTypeFields)
        let output = Memory()
        let writer = try ParquetWriter(schema: schema, options: options, output: output)
        if !events {
            for row in rows { try writer.write(row: row) }
        } else {
            let size = (rows.count + batches - 1) / batches
            for start in stride(from: 0, to: rows.count, by: size) {
                var builder = RowBatchBuilder(schema: schema)
                for row in rows[start..<min(start + size, rows.count)] {
                    builder.beginRow()
                    for i in row.indices.reversed() {
                        try emit(row[i], builder.fields[i], type: everyTypeFields[i].type, into: &builder, omitNull: i % 2 == 1)
                    }
                    try builder.endRow()
                }
                try writer.write(builder.finish())
            }
        }
        try writer.close()
        return output.bytes
    }

    @Test(arguments: [1, 3, 7])
    func eventsGiveTheSameFileAsRows(batches: Int) throws {
        let rows = (0..<500).map(everyTypeRow)
        for (groupRows, groupBytes) in [(1_000_000, 32 << 20), (45, 32 << 20), (1_000_000, 4_000)] {
            var options = ParquetWriterOptions()
            options.rowGroupRows = groupRows
            options.rowGroupBytes = groupBytes
            let expected = try file(rows, batches: batches, options: options, events: false)
            #expect(try file(rows, batches: batches, options: options, events: true) == expected, "rows \(groupRows), bytes \(groupBytes)")
        }
    }

    @Test func aRangeOfABatchIsWrittenAsThoseRows() throws {
        let schema = ParquetSchema(fields: everyTypeFields)
        var builder = RowBatchBuilder(schema: schema)
        for row in (0..<60).map(everyTypeRow) {
            builder.beginRow()
            for i in row.indices { try emit(row[i], builder.fields[i], type: everyTypeFields[i].type, into: &builder, omitNull: false) }
            try builder.endRow()
        }
        let batch = builder.finish()
        let output = Memory()
        let writer = try ParquetWriter(schema: schema, output: output)
        try writer.write(batch, rows: 20..<35)
        try writer.write(batch, rows: 50..<51)
        try writer.close()
        let reader = try ParquetFileReader(data: Data(output.bytes), name: "range")
        #expect(try reader.readRows() == (20..<35).map(everyTypeRow) + [everyTypeRow(50)])
    }

    /// The writer drafts pages from the batches it is given, without copying their rows: a batch refilled while
    /// the writer still holds it must not change what the writer writes.
    @Test func aBatchRefilledTooEarlyLeavesTheWrittenRowsAlone() throws {
        let schema = ParquetSchema(fields: everyTypeFields)
        func batch(_ rows: Range<Int>, reusing spare: RowBatch?) throws -> RowBatch {
            var builder = spare.map { RowBatchBuilder(schema: schema, reusing: $0) } ?? RowBatchBuilder(schema: schema)
            for row in rows.map(everyTypeRow) {
                builder.beginRow()
                for i in row.indices { try emit(row[i], builder.fields[i], type: everyTypeFields[i].type, into: &builder, omitNull: false) }
                try builder.endRow()
            }
            return builder.finish()
        }
        let output = Memory()
        let writer = try ParquetWriter(schema: schema, output: output)
        let first = try batch(0..<40, reusing: nil)
        try writer.write(first)
        // Emptied and refilled in place while the row group holding its rows is still open.
        let second = try batch(40..<90, reusing: first)
        try writer.write(second)
        try writer.close()
        let reader = try ParquetFileReader(data: Data(output.bytes), name: "refilled")
        #expect(try reader.readRows() == (0..<90).map(everyTypeRow))
    }

    /// Rows written one at a time and batches, in one row group and across several: the rows in order, and the
    /// same file as writing every row one at a time.
    @Test func rowsAndBatchesMixInOneGroup() throws {
        let schema = ParquetSchema(fields: everyTypeFields)
        func batch(_ rows: Range<Int>) throws -> RowBatch {
            var builder = RowBatchBuilder(schema: schema)
            for row in rows.map(everyTypeRow) {
                builder.beginRow()
                for i in row.indices { try emit(row[i], builder.fields[i], type: everyTypeFields[i].type, into: &builder, omitNull: false) }
                try builder.endRow()
            }
            return builder.finish()
        }
        for groupRows in [1_000_000, 23] {
            var options = ParquetWriterOptions()
            options.rowGroupRows = groupRows
            let mixed = Memory(), single = Memory()
            let writer = try ParquetWriter(schema: schema, options: options, output: mixed)
            for row in 0..<10 { try writer.write(row: everyTypeRow(row)) }
            try writer.write(try batch(10..<40))
            try writer.write(row: everyTypeRow(40))
            try writer.write(try batch(41..<60), rows: 0..<5)
            for row in 46..<50 { try writer.write(row: everyTypeRow(row)) }
            try writer.close()
            let rowByRow = try ParquetWriter(schema: schema, options: options, output: single)
            for row in 0..<50 { try rowByRow.write(row: everyTypeRow(row)) }
            try rowByRow.close()
            #expect(mixed.bytes == single.bytes, "groups of \(groupRows) rows")
            #expect(try ParquetFileReader(data: Data(mixed.bytes), name: "mixed").readRows() == (0..<50).map(everyTypeRow))
        }
    }

    @Test func misuseThrowsNamingTheField() throws {
        var builder = RowBatchBuilder(schema: ParquetSchema(fields: everyTypeFields))
        builder.beginRow()
        try builder.int64(builder.fields[0], 1)
        #expect(throws: ParquetWriteError.self) { try builder.int64(builder.fields[0], 2) }
        #expect(throws: ParquetWriteError.self) { try builder.int32(builder.fields[2], 2) }
        #expect(throws: ParquetWriteError.self) { try builder.beginList(builder.fields[7]) }
        let brandID = builder.children(of: builder.fields[7])[0]
        #expect(throws: ParquetWriteError.self) { try builder.int64(brandID, 3) }
        #expect(builder.isWritten(builder.fields[0]))
        #expect(!builder.isWritten(builder.fields[1]))
        #expect(builder.missingRequiredField == nil)

        var required = RowBatchBuilder(schema: ParquetSchema(fields: everyTypeFields))
        required.beginRow()
        #expect(required.missingRequiredField == required.fields[0])
        do {
            try required.endRow()
            Issue.record("a row without its required field was accepted")
        } catch {
            #expect(error.column == "id")
            #expect(error.message.contains("required"))
        }
        #expect(throws: ParquetWriteError.self) { try required.null(required.fields[0]) }
    }
}
