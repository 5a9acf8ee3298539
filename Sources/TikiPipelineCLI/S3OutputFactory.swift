import Columnar
import Dispatch
import Foundation
import ObjectStore
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// Names the outputs `s3://bucket/key`, or `s3://bucket/prefix/part-00000.parquet`, … and opens an upload each.
struct S3OutputFactory: StagedOutputFactory {
    let client: S3Client
    let location: S3Location
    let asPrefix: Bool
    let options: S3StreamingUpload.Options
    let cancellation: S3Cancellation

    func location(part: Int?) -> S3Location {
        guard asPrefix else { return location }
        return location.appending(ConvertDestination.partName(part ?? 0))
    }

    func name(part: Int?) -> String { location(part: part).description }

    func open(part: Int?) throws -> any StagedOutput {
        S3ParquetOutput(upload: S3StreamingUpload(client: client, location: location(part: part), options: options, cancellation: cancellation))
    }
}
