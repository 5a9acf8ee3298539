import ArgumentParser
import Dispatch
import Foundation
import ObjectStore

#if canImport(Glibc)
import Glibc
#endif

/// The S3 flags `convert` and `upload` share; credentials and region come from the environment and
/// `~/.aws` (see `AWSConfigResolver`), never from flags, so they stay out of shell history and process lists.
struct S3Options: ParsableArguments {
    @Option(help: ArgumentHelp("S3-compatible endpoint (MinIO, Ceph, moto), addressed path-style; default AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, the profile's endpoint_url, else AWS.", valueName: "URL"))
    var s3Endpoint: String?
    @Option(help: "Multipart part size in MiB (S3's minimum is 5).") var s3PartSizeMib = 8
    @Option(help: "Parts uploaded at once, per object.") var s3PartsInFlight = 4

    func validate() throws {
        guard s3PartSizeMib >= 5, s3PartSizeMib <= 5 * 1024 else { throw ValidationError("--s3-part-size-mib must be 5 to 5120") }
        guard (1...64).contains(s3PartsInFlight) else { throw ValidationError("--s3-parts-in-flight must be 1 to 64") }
    }

    /// A client for the resolved endpoint, region and credentials.
    func makeClient() throws -> S3Client {
        let resolver = AWSConfigResolver()
        let credentials = try resolver.credentials()
        let region = resolver.region()
        let endpoint = try resolver.endpoint(flag: s3Endpoint).map { try S3Endpoint(url: $0) } ?? .aws(region: region)
        return S3Client(configuration: .init(endpoint: endpoint, region: region), credentials: credentials)
    }

    var uploadOptions: S3StreamingUpload.Options {
        var options = S3StreamingUpload.Options()
        options.partSize = s3PartSizeMib << 20
        options.partsInFlight = s3PartsInFlight
        return options
    }
}
