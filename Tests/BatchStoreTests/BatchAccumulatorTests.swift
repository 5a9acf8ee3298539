import Foundation
import Testing
import TikiJSON
@testable import BatchStore

@Suite struct BatchAccumulatorTests {
    @Test func accumulatorWritesFullBatchesAndANonEmptyRemainder() async throws {
        let layout = OutputLayout(root: temporaryDirectory())
        try layout.createDirectories()
        var batches = BatchAccumulator(layout: layout, series: .products, batchSize: 3, firstNumber: 1)
        for i in 1...7 { try await batches.append(["id": .int(Int64(i))]) }
        try await batches.flush()
        try await batches.flush()  // nothing pending: no empty file
        let files = layout.existingFiles(.products)
        #expect(files.map(\.number) == [1, 2, 3])
        #expect(files.map { ($0.path as NSString).lastPathComponent } == ["products_001.json", "products_002.json", "products_003.json"])
        let sizes = try files.map { try BatchFile.read($0.path).count }
        #expect(sizes == [3, 3, 1])
    }
}
