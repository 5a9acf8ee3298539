import ArgumentParser
import Dispatch
import Foundation
import ObjectStore

#if canImport(Glibc)
import Glibc
#endif

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
