import Synchronization

/// Compresses pages with the writer's codec, keeping the codec's state (libdeflate's or zstd's tables) and an
/// output buffer from page to page. Used by one thread at a time: a thread takes one from a `Pool` for a page
/// and gives it back when the page is done.
final class PageCompressor: @unchecked Sendable {
    let compression: ParquetWriterOptions.Compression
    private let gzip: Gzip.Compressor?
    private let zstd: Zstd.Compressor?
    private var scratch: [UInt8] = []

    init(_ compression: ParquetWriterOptions.Compression) throws {
        self.compression = compression
        if case .gzip(let level) = compression { gzip = try Gzip.Compressor(level: level) } else { gzip = nil }
        if case .zstd(let level) = compression { zstd = try Zstd.Compressor(level: level) } else { zstd = nil }
    }

    /// Compresses `input` and returns the compressed bytes, valid until this compressor is used again; nil when
    /// the codec is `none` (the caller stores `input` itself rather than a copy).
    func compress(_ input: UnsafeRawBufferPointer) throws -> ArraySlice<UInt8>? {
        let count: Int
        switch compression {
        case .none: return nil
        case .gzip: count = try gzip!.compress(input, into: &scratch)
        case .zstd: count = try zstd!.compress(input, into: &scratch)
        case .snappy: count = Snappy.compress(input, into: &scratch)
        }
        return scratch[..<count]
    }

    /// Compressors for one codec, at most one per thread that has compressed at the same time, kept for the
    /// writer's life.
    final class Pool: Sendable {
        let compression: ParquetWriterOptions.Compression
        private let idle = Mutex<[PageCompressor]>([])

        init(_ compression: ParquetWriterOptions.Compression) { self.compression = compression }

        func take() throws -> PageCompressor {
            if let compressor = idle.withLock({ $0.popLast() }) { return compressor }
            return try PageCompressor(compression)
        }

        func give(_ compressor: PageCompressor) {
            idle.withLock { $0.append(compressor) }
        }
    }
}
