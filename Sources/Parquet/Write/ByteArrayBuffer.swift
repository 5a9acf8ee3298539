/// Contiguous BYTE_ARRAY values: their bytes end to end, and where each starts.
struct ByteArrayBuffer: Sendable {
    var data: [UInt8] = []
    /// `offsets[i]..<offsets[i+1]` is value `i`; starts with 0.
    var offsets: [Int] = [0]

    var count: Int { offsets.count - 1 }

    mutating func append(_ bytes: some Collection<UInt8>) {
        growIfNeeded(for: bytes.count)
        data.append(contentsOf: bytes)
        offsets.append(data.count)
    }

    mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { utf8 in
            growIfNeeded(for: utf8.count)
            data.append(contentsOf: utf8)
        }
        offsets.append(data.count)
    }

    /// Appends the value that `fill` appends to `data`; `fill` may only append.
    ///
    /// Past its capacity `data` then grows the standard library's way, doubling, not by a quarter: this is a
    /// batch's column (`RowBatchSink`), megabytes that reserve room like the largest batch before them, where the
    /// quarter is for the rows a writer takes one at a time, a whole row group's tens of megabytes.
    mutating func append(filling fill: (inout [UInt8]) -> Void) {
        let before = data.count
        fill(&data)
        precondition(data.count >= before, "a fill removed earlier values' bytes")
        offsets.append(data.count)
    }

    /// Grows by a quarter rather than doubling: a reallocation holds old and new at once, three times the data
    /// when doubling. Batches reserve room like the largest before them, so this is rare.
    private mutating func growIfNeeded(for extra: Int) {
        let needed = data.count + extra
        if needed > data.capacity { data.reserveCapacity(max(needed, data.capacity + data.capacity / 4 + 64 * 1024)) }
    }

    subscript(i: Int) -> ArraySlice<UInt8> { data[offsets[i]..<offsets[i + 1]] }

    func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }
}
