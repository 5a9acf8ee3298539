import Foundation
import Testing
import TikiJSON
@testable import BatchStore

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "tiki-test-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct BatchStoreTests {
    @Test func atomicWriteReplacesWholeFilesAndLeavesNoTemporaries() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/f.json"
        try AtomicFile.write(Array("one".utf8), to: path)
        try AtomicFile.write(Array("two".utf8), to: path)
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f.json"])
    }

    @Test func abandonedWriteLeavesTheOldFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = "\(dir)/f.json"
        try AtomicFile.write(Array("old".utf8), to: path)
        let pending = try AtomicFile.beginWrite(to: path)
        try pending.append(Array("half".utf8))
        pending.abandon()
        #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["f.json"])
    }

    @Test func readingIntoAReusedBufferYieldsExactlyEachFile() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let big = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let small = Array("small file".utf8)
        try AtomicFile.write(big, to: "\(dir)/big")
        try AtomicFile.write(small, to: "\(dir)/small")
        try AtomicFile.write([], to: "\(dir)/empty")

        var scratch = [UInt8](repeating: 7, count: 16)
        let bigCount = try FileBytes.read("\(dir)/big", reusing: &scratch)
        #expect(Array(scratch[..<bigCount]) == big)
        let grownTo = scratch.count
        let smallCount = try FileBytes.read("\(dir)/small", reusing: &scratch)
        #expect(Array(scratch[..<smallCount]) == small)
        #expect(scratch.count == grownTo, "a smaller file reuses the buffer")
        #expect(try FileBytes.read("\(dir)/empty", reusing: &scratch) == 0)
        #expect(try FileBytes.read("\(dir)/big") == big)
        #expect(throws: StorageError.self) { try FileBytes.read("\(dir)/missing", reusing: &scratch) }
    }

    @Test func writeIntoMissingFolderNamesThePath() {
        do {
            try AtomicFile.write([1], to: "/nonexistent-folder/x/f.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/nonexistent-folder/x/f.json"))
        }
    }

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

    @Test func ledgerPrefersRecordsThenNewerErrors() throws {
        let layout = OutputLayout(root: temporaryDirectory())
        try layout.createDirectories()
        try BatchFile.write([["id": 1], ["id": 2]], to: layout.path(.products, number: 1))
        try BatchFile.write([["id": 5]], to: layout.path(.retryProducts, number: 1))
        let old = ErrorEntry(id: 3, error: "server_error", status: 503, attempts: 4, message: "x")
        let superseded = ErrorEntry(id: 5, error: "timeout", status: nil, attempts: 4, message: "y")
        try BatchFile.write([old.json, superseded.json], to: layout.path(.errors, number: 1))
        let newer = ErrorEntry(id: 3, error: "not_found", status: 404, attempts: 1, message: "z")
        try BatchFile.write([newer.json], to: layout.path(.retryErrors, number: 1))

        let ledger = OutputLedger.load(layout)
        #expect(ledger.recordIDs == [1, 2, 5])
        #expect(ledger.errors.keys.sorted() == [3])
        #expect(ledger.errors[3]?.entry == newer)
        #expect(ledger.isSettled(3) && ledger.isSettled(1) && !ledger.isSettled(4))
        #expect(ledger.nextNumber[.products] == 2)
        #expect(ledger.nextNumber[.retryErrors] == 2)
    }

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

    @Test func batchFilesReadAsArraysOrJSONLines() throws {
        #expect(try BatchFile.parse(Array("[{\"a\":1},{\"a\":2}]".utf8), path: "x") == [["a": 1], ["a": 2]])
        #expect(try BatchFile.parse(Array("{\"a\":1}\n{\"a\":2}\n".utf8), path: "x") == [["a": 1], ["a": 2]])
        #expect(throws: StorageError.self) { try BatchFile.parse(Array("[{\"a\":1},".utf8), path: "x") }
    }
}
