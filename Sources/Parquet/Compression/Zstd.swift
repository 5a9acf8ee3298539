import CZstd

/// Parquet's ZSTD codec: one zstd frame per page through the system libzstd.
enum Zstd {
    /// A compression context for one level. Not thread-safe; one encoding thread reuses it page after page,
    /// which keeps zstd's tables allocated instead of rebuilding them per page.
    final class Compressor {
        let level: Int
        private let context: OpaquePointer

        init(level: Int) throws {
            guard let context = ZSTD_createCCtx() else { throw ParquetFormatError("zstd: cannot create a context") }
            self.level = level
            self.context = context
        }

        deinit { ZSTD_freeCCtx(context) }

        /// Compresses `input` into the front of `scratch`, growing it when too small, and returns the compressed length.
        func compress(_ input: UnsafeRawBufferPointer, into scratch: inout [UInt8]) throws -> Int {
            let bound = ZSTD_compressBound(input.count)
            if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
            let count = scratch.withUnsafeMutableBytes {
                ZSTD_compressCCtx(context, $0.baseAddress, $0.count, input.baseAddress, input.count, Int32(level))
            }
            try Zstd.check(count)
            return count
        }
    }

    /// One zstd frame of `input` at `level`.
    static func compress(_ input: [UInt8], level: Int) throws -> [UInt8] {
        var output: [UInt8] = []
        let count = try input.withUnsafeBytes { try Compressor(level: level).compress($0, into: &output) }
        output.removeSubrange(count...)
        return output
    }

    /// Decompresses one or more concatenated frames into exactly `size` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, size: Int) throws -> [UInt8] {
        guard size > 0 else { return [] }
        guard let context = ZSTD_createDCtx() else { throw ParquetFormatError("zstd: cannot create a context") }
        defer { ZSTD_freeDCtx(context) }
        var result = 0
        let output = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            result = ZSTD_decompressDCtx(context, buffer.baseAddress, size, input.baseAddress, input.count)
            initialized = size
        }
        try check(result)
        guard result == size else { throw ParquetFormatError("zstd: page decompressed to \(result) bytes, header says \(size)") }
        return output
    }

    fileprivate static func check(_ code: Int) throws {
        if ZSTD_isError(code) != 0 { throw ParquetFormatError("zstd: \(String(cString: ZSTD_getErrorName(code)))") }
    }
}
