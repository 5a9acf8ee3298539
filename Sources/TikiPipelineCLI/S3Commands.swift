import ArgumentParser
import Columnar
import Dispatch
import Foundation
import ObjectStore
import Parquet

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

/// `convert --out s3://…` / `--out-dir s3://…`: the Parquet bytes stream into multipart uploads that complete
/// only once every output is whole.
enum S3Convert {
    /// Runs `convert` (a synchronous function that blocks on uploads) on a thread of its own, with Ctrl-C and
    /// SIGTERM aborting the uploads; shuts the client down however it ends.
    static func run(
        target: String, asPrefix: Bool, maxRowsPerFile: Int, s3: S3Options,
        convert: @escaping @Sendable (ConvertDestination) throws -> ConvertSummary
    ) async throws -> ConvertSummary {
        let location = try asPrefix ? S3Location(parsingPrefix: target) : S3Location(parsingObject: target)
        let client = try s3.makeClient()
        let cancellation = S3Cancellation()
        let stop = StopSignals(again: "interrupted again: exiting now (parts may remain until the bucket's lifecycle rule removes them)") { signal in
            printError("\n\(signal.name): aborting the uploads (Ctrl-C again to quit now)")
            cancellation.cancel(reason: signal.name)
        }
        defer { stop.cancel() }
        let factory = S3OutputFactory(client: client, location: location, asPrefix: asPrefix, options: s3.uploadOptions, cancellation: cancellation)
        let result: Result<ConvertSummary, any Error> = await OwnThread.run {
            Result { try convert(.staged(factory, maxRowsPerFile: asPrefix ? maxRowsPerFile : nil)) }
        }
        // A signal that came after every output was committed stopped nothing: the conversion stands.
        if let status = stop.exitStatus, case .failure = result {
            try? await client.shutdown()
            printError("convert stopped (\(cancellation.reason ?? "signal")): the uploads were aborted, nothing was published")
            Foundation.exit(status)
        }
        do {
            let summary = try result.get()
            if asPrefix { try await removeStaleParts(under: location, keeping: Set(summary.files), client: client) }
            try? await client.shutdown()
            return summary
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Part objects of an earlier, larger conversion under the prefix would mix with these: delete them, as a
    /// local `--out-dir` does (here after the new parts are in place, since S3 has no rename).
    static func removeStaleParts(under prefix: S3Location, keeping kept: Set<String>, client: S3Client) async throws {
        for object in try await client.listObjects(bucket: prefix.bucket, prefix: prefix.key + "part-") {
            let name = object.key.dropFirst(prefix.key.count)
            let digits = name.dropFirst(5).dropLast(8)
            guard name.hasSuffix(".parquet"), digits.count == 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            let location = S3Location(bucket: prefix.bucket, key: object.key)
            if !kept.contains(location.description) { try await client.deleteObject(location) }
        }
    }
}

/// Names the outputs `s3://bucket/key`, or `s3://bucket/prefix/part-00000.parquet`, … and opens an upload each.
struct S3OutputFactory: StagedOutputFactory {
    let client: S3Client
    let location: S3Location
    let asPrefix: Bool
    let options: S3StreamingUpload.Options
    let cancellation: S3Cancellation

    func location(part: Int?) -> S3Location {
        guard asPrefix else { return location }
        return location.appending(String(format: "part-%05d.parquet", part ?? 0))
    }

    func name(part: Int?) -> String { location(part: part).description }

    func open(part: Int?) throws -> any StagedOutput {
        S3ParquetOutput(upload: S3StreamingUpload(client: client, location: location(part: part), options: options, cancellation: cancellation))
    }
}

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

/// `tiki-pipeline upload DIR s3://bucket/prefix/`: publishes an ingest run's batch, error and report files.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Upload a folder's files (batches, error files, reports) under an S3 prefix; resumable.",
        discussion: "An object already there with the same size and SHA-256 (metadata x-amz-meta-sha256, or an ETag equal to the MD5) is skipped, so running it again after an interruption sends only what is missing. Hidden files and temporaries are left out.")

    @Argument(help: "The folder to upload (an ingest --out folder).") var directory: String
    @Argument(help: "Destination prefix, s3://bucket/prefix/.") var destination: String
    @Option(help: "Files uploaded at once.") var concurrency = 4
    @Flag(help: "Print a line per file.") var verbose = false
    @OptionGroup var s3: S3Options

    func validate() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 64") }
        guard S3Location.isS3URL(destination) else { throw ValidationError("the destination must be s3://bucket/prefix/") }
    }

    func run() async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandFailure("upload failed: \(directory): no such folder")
        }
        let prefix: S3Location
        let client: S3Client
        do {
            prefix = try S3Location(parsingPrefix: destination)
            client = try s3.makeClient()
        } catch {
            throw CommandFailure("upload failed: \(error)")
        }
        var uploader = S3DirectoryUploader(client: client)
        uploader.concurrency = concurrency
        uploader.partSize = s3.s3PartSizeMib << 20
        var progress: (@Sendable (String) -> Void)?
        if verbose { progress = { @Sendable line in print(line) } }
        let summary = await uploader.upload(directory: directory, to: prefix, progress: progress)
        try? await client.shutdown()
        for failure in summary.failures { printError("error: \(failure)") }
        print(summary.line)
        if !summary.failures.isEmpty { throw CommandFailure("upload failed: \(summary.failures.count) file(s) not uploaded") }
    }
}
