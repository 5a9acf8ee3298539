/// The writer's hot paths, open to the package so that `bench micro` can time them in isolation.
package enum ParquetKernels {
    /// RLE/bit-packed hybrid encoding of levels or indices; returns the encoded size.
    package static func rleEncode(_ values: [UInt8], bitWidth: Int) -> Int {
        var out: [UInt8] = []
        out.reserveCapacity(values.count / 4)
        RLEHybrid.encode(values, bitWidth: bitWidth, into: &out)
        return out.count
    }

    /// Builds the dictionary of a string column; returns the number of distinct values, or `nil` past `limit`.
    package static func dictionaryEncode(_ strings: [String], limit: Int = 1 << 20) -> Int? {
        var buffer = ByteArrayBuffer()
        for s in strings { buffer.append(s) }
        return DictionaryEncoder.build(.bytes(buffer), limit: limit)?.dictionary.count
    }

    /// One gzip member of `bytes`; returns the compressed size.
    package static func gzip(_ bytes: [UInt8], level: Int) throws -> Int {
        try Gzip.compress(bytes, level: level).count
    }
}
