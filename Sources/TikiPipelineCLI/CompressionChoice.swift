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

    /// "gzip 1-12 (default 6), zstd 1-22 (default 3); none for snappy and none", from the ranges above.
    static var levelHelp: String {
        let ranged = allCases.compactMap { codec in
            codec.levels.map { "\(codec.rawValue) \($0.lowerBound)-\($0.upperBound) (default \(codec.defaultLevel!))" }
        }
        let levelless = allCases.filter { $0.levels == nil }.map(\.rawValue)
        return ranged.joined(separator: ", ") + "; none for " + levelless.joined(separator: " and ")
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
