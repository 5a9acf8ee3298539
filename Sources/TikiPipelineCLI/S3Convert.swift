import Columnar
import Dispatch
import Foundation
import ObjectStore
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// `convert --out s3://…` / `--out-dir s3://…`: the Parquet bytes stream into multipart uploads that complete
/// only once every output is whole.
enum S3Convert {
    /// Runs `convert` (a synchronous function that blocks on uploads) on a thread of its own, with Ctrl-C and
    /// SIGTERM aborting the uploads; shuts the client down however it ends.
    static func run(
        target: String, asPrefix: Bool, maxRowsPerFile: Int, s3: S3Options,
        convert: @escaping @Sendable (ConvertDestination) throws -> ConvertSummary
    ) async throws -> ConvertSummary {
        let location: S3Location
        do { location = try asPrefix ? S3Location(parsingPrefix: target) : S3Location(parsingObject: target) } catch {
            // A good URL that names a bucket or a prefix, not an object: the command writes there with --out-dir.
            let namesPrefix = !asPrefix && (try? S3Location(parsingPrefix: target)) != nil
            throw CommandFailure("convert failed: \(error)\(namesPrefix ? " (or use --out-dir for a prefix)" : "")")
        }
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
