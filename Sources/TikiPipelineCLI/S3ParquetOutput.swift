import Columnar
import Dispatch
import Foundation
import ObjectStore
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// A Parquet output into one S3 upload; S3's failures become output errors, which `convert` reports against
/// the object, not against the input record being written.
final class S3ParquetOutput: StagedOutput {
    let upload: S3StreamingUpload

    init(upload: S3StreamingUpload) {
        self.upload = upload
    }

    var bytesWritten: Int { upload.bytesWritten }

    private func outputError(_ error: S3Error) -> ParquetWriteError {
        ParquetWriteError(column: "", message: error.detail)
    }

    func write(_ bytes: [UInt8]) throws {
        do { try upload.write(bytes) } catch { throw outputError(error) }
    }

    func close() throws {
        do { try upload.close() } catch { throw outputError(error) }
    }

    func commit() throws {
        do { try upload.commit() } catch { throw outputError(error) }
    }

    func abandon() {
        if let error = upload.abort() {
            printError("warning: \(error) — parts may remain; list them with `aws s3api list-multipart-uploads --bucket \(upload.location.bucket)`")
        }
    }
}
