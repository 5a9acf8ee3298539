import Testing
import TikiJSON
@testable import BatchStore

@Suite struct BatchWriterTests {
    @Test func backgroundWriterWritesEveryBatchByFinish() async throws {
        let layout = OutputLayout(root: temporaryDirectory())
        try layout.createDirectories()
        let writer = BatchWriter(maxQueued: 1)
        var batches = BatchAccumulator(layout: layout, series: .products, batchSize: 100, firstNumber: 1)
        batches.writer = writer
        for i in 1...1050 { try await batches.append(["id": .int(Int64(i)), "text": .string(String(repeating: "x", count: 500))]) }
        try await batches.flush()
        try await writer.finish()
        let files = layout.existingFiles(.products)
        #expect(files.map(\.number) == Array(1...11))
        let ids = try files.flatMap { try BatchFile.read($0.path).compactMap { $0["id"]?.int64Value } }
        #expect(ids == (1...1050).map(Int64.init))
    }

    @Test func backgroundWriterReportsAFailedWriteWithItsPath() async {
        let writer = BatchWriter()
        do {
            try await writer.write([["id": 1]], to: "/nonexistent-folder/products_001.json")
            try await writer.finish()
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent-folder/products_001.json"))
        }
        await #expect(throws: StorageError.self) { try await writer.write([["id": 2]], to: "/tmp/never.json") }
    }
}
