import SeededRandom
import Testing
@testable import Parquet

@Suite struct DictionaryEncodingTests {
    /// The values a dictionary encoding stands for, index by index.
    private func decoded(_ encoded: DictionaryEncoded) -> [UInt64] {
        switch encoded.dictionary {
        case .int64(let d): encoded.indices.map { UInt64(bitPattern: d[Int($0)]) }
        case .double(let d): encoded.indices.map { d[Int($0)].bitPattern }
        default: []
        }
    }

    @Test func numericDictionariesAreSortedAndStillDecodeToTheValues() throws {
        let seed: UInt64 = 0xD1C7
        print("seed \(seed)")
        var rng = SplitMix64(seed: seed)
        let prices = (0..<5000).map { _ in Int64(rng.next() % 300) * 1000 - 20_000 }
        let built = try #require(DictionaryEncoder.build(.int64(prices), limit: 1 << 20))
        let sorted = built.sortingNumbers()
        guard case .int64(let dictionary) = sorted.dictionary else { Issue.record("not int64"); return }
        #expect(dictionary == dictionary.sorted())
        #expect(Set(dictionary).count == dictionary.count)
        #expect(decoded(sorted) == prices.map { UInt64(bitPattern: $0) })
    }

    @Test func doublesSortNumericallyAndKeepSignedZerosAndNaNsApart() throws {
        let values: [Double] = [2.5, -0.0, .nan, -7, 0.0, .infinity, -.infinity, 2.5, -0.0, 1e-300, -1e-300, .nan, Double(nan: 1, signaling: false)]
        let built = try #require(DictionaryEncoder.build(.double(values), limit: 1 << 20))
        let sorted = built.sortingNumbers()
        guard case .double(let dictionary) = sorted.dictionary else { Issue.record("not double"); return }
        #expect(dictionary.count == 10)
        let numbers = dictionary.filter { !$0.isNaN }
        #expect(numbers == [-.infinity, -7, -1e-300, -0.0, 0.0, 1e-300, 2.5, .infinity])
        #expect(numbers[3].sign == .minus && numbers[4].sign == .plus)
        #expect(decoded(sorted) == values.map(\.bitPattern))
    }
}
