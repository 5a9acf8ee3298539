import ArgumentParser
import Parquet

/// The `--compression` codecs of `convert`, with each codec's `--level` range and default.
enum CompressionChoice: String, CaseIterable, ExpressibleByArgument {
    case gzip, zstd, snappy, none

    /// Accepted levels; nil for codecs without levels.
    var levels: ClosedRange<Int>? {
        switch self {
        // libdeflate's scale: 1-9 as zlib's, 10-12 slower and smaller.
        case .gzip: 1...12
        case .zstd: 1...22
        case .snappy, .none: nil
        }
    }

    /// GZIP 6 (zlib's and DuckDB's default); ZSTD 3 (zstd's and polars' default).
    var defaultLevel: Int? {
        switch self {
        case .gzip: 6
        case .zstd: 3
        case .snappy, .none: nil
        }
    }

    /// The writer's setting for `level`, or a message naming the problem.
    func compression(level: Int?) throws -> ParquetWriterOptions.Compression {
        guard let levels else {
            if level != nil { throw ValidationError("--level does not apply to --compression \(rawValue)") }
            return self == .snappy ? .snappy : .none
        }
        let chosen = level ?? defaultLevel!
        guard levels.contains(chosen) else {
            throw ValidationError("--level for \(rawValue) must be \(levels.lowerBound)...\(levels.upperBound)")
        }
        return self == .gzip ? .gzip(level: chosen) : .zstd(level: chosen)
    }
}
