import SeededRandom
import Testing
@testable import Parquet

@Suite struct RLEHybridTests {
    @Test func longRunsBecomeRLERuns() {
        var out: [UInt8] = []
        RLEHybrid.encode([UInt8](repeating: 1, count: 8), bitWidth: 1, into: &out)
        #expect(out == [0x10, 0x01])
        out = []
        RLEHybrid.encode([UInt32](repeating: 300, count: 100), bitWidth: 9, into: &out)
        #expect(out == [0xC8, 0x01, 0x2C, 0x01])
    }

    @Test func shortRunsAreBitPackedLikeTheSpecExample() {
        var out: [UInt8] = []
        RLEHybrid.encode([0, 1, 2, 3, 4, 5, 6, 7] as [UInt8], bitWidth: 3, into: &out)
        #expect(out == [0x03, 0x88, 0xC6, 0xFA])
    }

    @Test func bitWidths() {
        #expect(RLEHybrid.bitWidth(forMax: 0) == 0)
        #expect(RLEHybrid.bitWidth(forMax: 1) == 1)
        #expect(RLEHybrid.bitWidth(forMax: 3) == 2)
        #expect(RLEHybrid.bitWidth(forMax: 4) == 3)
    }

    @Test func roundTripsMixedRunsAtEveryWidth() throws {
        let seed: UInt64 = 0x5EED_0001
        print("RLE round trip seed \(seed)")
        var rng = SplitMix64(seed: seed)
        for width in 1...20 {
            let maxValue = UInt32((1 << width) - 1)
            var values: [UInt32] = []
            while values.count < 5000 {
                let v = UInt32.random(in: 0...maxValue, using: &rng)
                let run = Bool.random(using: &rng) ? Int.random(in: 1...40, using: &rng) : 1
                values += repeatElement(v, count: run)
            }
            var out: [UInt8] = []
            RLEHybrid.encode(values, bitWidth: width, into: &out)
            let decoded = try out.withUnsafeBytes { try RLEHybrid.decode($0, bitWidth: width, count: values.count) }
            #expect(decoded == values, "width \(width)")
        }
    }
}
