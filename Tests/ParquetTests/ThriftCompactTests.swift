import SeededRandom
import Testing
@testable import Parquet

@Suite struct ThriftCompactTests {
    @Test func fieldHeadersUseDeltasAndLongFormBeyondFifteen() {
        var w = ThriftWriter()
        w.writeStructBody { w in
            w.i32(1, 1)          // 0x15 0x02
            w.string(4, "a")     // 0x38 0x01 'a'
            w.i64(20, -1)        // delta 16: 0x06, zigzag(20)=0x28, zigzag(-1)=0x01
            w.bool(21, true)     // 0x11
            w.struct(22) { _ in } // 0x1C 0x00
        }
        #expect(w.bytes == [0x15, 0x02, 0x38, 0x01, 0x61, 0x06, 0x28, 0x01, 0x11, 0x1C, 0x00, 0x00])
    }

    @Test func listsUseShortAndLongHeaders() {
        var w = ThriftWriter()
        w.writeStructBody { w in
            w.i32List(1, [1, 2, 3])
            w.i32List(2, Array(repeating: 0, count: 15))
        }
        #expect(Array(w.bytes.prefix(5)) == [0x19, 0x35, 0x02, 0x04, 0x06])
        #expect(Array(w.bytes[5..<8]) == [0x19, 0xF5, 0x0F])
    }

    @Test func readerDecodesWhatTheWriterWrites() throws {
        var w = ThriftWriter()
        w.writeStructBody { w in
            w.i32(1, -7)
            w.stringList(3, ["a", "bc"])
            w.struct(12) { $0.i64(3, 1 << 40) }
            w.bool(30, false)
        }
        let s = try w.bytes.withUnsafeBytes { raw in
            var r = ThriftReader(raw)
            return try r.readStruct()
        }
        #expect(s[1]?.int == -7)
        #expect(s[3]?.list?.compactMap(\.string) == ["a", "bc"])
        #expect(s[12]?.structValue?[3]?.int == 1 << 40)
        #expect(s[30]?.bool == false)
    }
}
