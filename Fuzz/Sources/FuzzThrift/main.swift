import CLibFuzzer
import Foundation
import Parquet

/// libFuzzer entry: the input is a file's footer (compact-thrift FileMetaData) between the magic and its length.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let magic = Array("PAR1".utf8)
    let length = UInt32(truncatingIfNeeded: size)
    let file = magic + Array(UnsafeBufferPointer(start: data, count: size))
        + (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * UInt32($0))) } + magic
    do {
        let reader = try ParquetFileReader(bytes: file, name: "fuzz.parquet")
        _ = try reader.readRows()
    } catch is ParquetFormatError {
        // Damage, reported as such: the expected outcome.
    } catch {
        fatalError("not a ParquetFormatError: \(error)")
    }
    return 0
}

// SwiftPM links every executable with its own `main`, so hand the command line to libFuzzer's driver here.
var arguments = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&arguments, &argv) { data, size in fuzz(data!, size) })
