import CLibFuzzer
import Columnar
import Foundation
import Parquet
import TikiJSON

/// libFuzzer entry: any bytes must read as a file or throw `ParquetFormatError`, never trap or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Checksums would stop most page damage before the decoders: check them on half the inputs only.
    let verify = size > 0 && bytes[size / 2] & 1 == 0
    do {
        // What `tiki-pipeline inspect` does: describe the file as text and JSON, then print rows.
        let inspector = Inspector(reader: try ParquetFileReader(bytes: bytes, name: "fuzz.parquet", verifyingChecksums: verify))
        _ = inspector.text()
        _ = JSONWriter.string(inspector.description())
        for row in try inspector.head(.max) { _ = JSONWriter.string(row) }
    } catch is ParquetFormatError {
        // Damage, reported as such: the expected outcome.
    } catch {
        fatalError("not a ParquetFormatError: \(error)")
    }
    return 0
}

// SwiftPM links every executable with its own `main`, so hand the command line to libFuzzer's driver here
// (after `--write-seeds DIR`, which writes a seed corpus instead).
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--write-seeds" {
    do {
        try SeedCorpus.write(to: CommandLine.arguments[2])
        exit(0)
    } catch {
        print("fuzz seeds: \(error)")
        exit(1)
    }
}
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv) { data, size in fuzz(data!, size) })
