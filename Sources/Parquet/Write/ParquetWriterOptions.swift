/// How a writer encodes and compresses.
public struct ParquetWriterOptions: Sendable {
    /// The page codec, with its level where it has one.
    public enum Compression: Sendable, Equatable {
        /// Pages stored as encoded.
        case none
        /// GZIP at a libdeflate level 1...12 (1...9 as in zlib; 10-12 search harder).
        case gzip(level: Int)
        /// ZSTD at a level 1...22 (3 is zstd's and polars' default).
        case zstd(level: Int)
        /// SNAPPY's raw block format (pyarrow's and Spark's default).
        case snappy

        /// The codec recorded in the column chunk metadata.
        public var codec: CompressionCodec {
            switch self {
            case .none: .uncompressed
            case .gzip: .gzip
            case .zstd: .zstd
            case .snappy: .snappy
            }
        }
    }

    /// When a column chunk is dictionary-encoded.
    public enum DictionaryMode: String, Sendable, CaseIterable {
        /// Dictionary-encode a chunk when it stays under the limit and is smaller than PLAIN.
        case auto
        /// Dictionary-encode whenever the dictionary stays under the limit.
        case on
        /// Never: every chunk PLAIN.
        case off
    }

    /// GZIP at level 6 unless set: the codec every reader takes.
    public var compression = Compression.gzip(level: 6)
    /// Dictionary-encode where it pays (`auto`), always, or never.
    public var dictionary = DictionaryMode.auto
    /// Dictionaries larger than this fall back to PLAIN (Arrow C++, arrow-rs and parquet-java use 1 MiB).
    public var dictionaryPageLimit = 1 << 20
    /// Target size of a data page before compression.
    public var pageBytes = 1 << 20
    /// A row group closes at this many rows…
    public var rowGroupRows = 1_000_000
    /// …or at this many bytes of PLAIN-encoded values, whichever comes first. Peak memory is about two groups of
    /// rows (in the batches they came in) and one group's pages, flat as the input grows: 64 MiB keeps a conversion
    /// of the benchmark's batches near 230 MB. Against 32 MiB, a group holds half as many short tail pages and
    /// repeated dictionaries, so the files come out 0.15% smaller (ZSTD and GZIP), at equal speed, for about 100 MB
    /// more memory (measured when groups had buffers of their own). Other writers use larger groups still
    /// (parquet-java 128 MiB, arrow-rs a million rows).
    public var rowGroupBytes = 64 << 20
    /// Written as `created_by` (`<app> version <semver> (build <hash>)`): by default the library names itself, as
    /// arrow-rs writes `parquet-rs version …`; an application passes its own.
    public var createdBy = "parquet-swift version 0.1.0"
    /// Application metadata written in the footer (`key_value_metadata`).
    public var keyValueMetadata: [String: String] = [:]

    /// The defaults above.
    public init() {}
}
