import Foundation
import Testing
import TikiJSON
@testable import BatchStore

@Suite struct OutputLayoutTests {
    @Test func staleTemporariesAreRemovedAndNeverCounted() throws {
        let layout = OutputLayout(root: temporaryDirectory())
        try layout.createDirectories()
        try BatchFile.write([["id": 1]], to: layout.path(.products, number: 1))
        let pending = try AtomicFile.beginWrite(to: layout.path(.products, number: 2))
        try pending.append(Array("[\n{\"id\":2}".utf8))
        #expect(OutputLedger.load(layout).recordIDs == [1], "a half-written temporary is not a batch")
        #expect(layout.removeStaleTemporaries() == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: layout.productDirectory) == ["products_001.json"])
    }
}
