import Synchronization

/// Compresses pages with the writer's codec, keeping the codec's state (libdeflate's or zstd's tables) from page
/// to page. Used by one thread at a time: an encoder takes one from a `Pool` and gives it back when its chunk is done.
final class PageCompressor: @unchecked Sendable {
    let compression: ParquetWriterOptions.Compression
    private let gzip: Gzip.Compressor?
    private let zstd: Zstd.Compressor?

    init(_ compression: ParquetWriterOptions.Compression) throws {
        self.compression = compression
        if case .gzip(let level) = compression { gzip = try Gzip.Compressor(level: level) } else { gzip = nil }
        if case .zstd(let level) = compression { zstd = try Zstd.Compressor(level: level) } else { zstd = nil }
    }

    /// Compresses `input` into the front of `scratch`, growing it when too small, and returns the compressed length;
    /// nil when the codec is `none` (the caller writes `input` itself rather than a copy).
    func compress(_ input: UnsafeRawBufferPointer, into scratch: inout [UInt8]) throws -> Int? {
        switch compression {
        case .none: return nil
        case .gzip: return try gzip!.compress(input, into: &scratch)
        case .zstd: return try zstd!.compress(input, into: &scratch)
        case .snappy: return Snappy.compress(input, into: &scratch)
        }
    }

    /// Compressors for one codec, at most one per thread that has encoded at the same time, kept for the writer's life.
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
