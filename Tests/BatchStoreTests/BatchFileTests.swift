import Testing
import TikiJSON
@testable import BatchStore

@Suite struct BatchFileTests {
    @Test func batchFilesReadAsArraysOrJSONLines() throws {
        #expect(try BatchFile.parse(Array("[{\"a\":1},{\"a\":2}]".utf8), path: "x") == [["a": 1], ["a": 2]])
        #expect(try BatchFile.parse(Array("{\"a\":1}\n{\"a\":2}\n".utf8), path: "x") == [["a": 1], ["a": 2]])
        #expect(throws: StorageError.self) { try BatchFile.parse(Array("[{\"a\":1},".utf8), path: "x") }
    }
}
