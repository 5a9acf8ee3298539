import Foundation
import Testing
@testable import BatchStore

@Suite struct FileBytesTests {
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
}
