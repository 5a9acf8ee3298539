import Crypto
import Foundation
import NIOCore

/// Publishes a folder's files under an S3 prefix, resumably: an object already there with the same size and
/// SHA-256 is skipped. The SHA-256 travels as the metadata `x-amz-meta-sha256`, because an ETag is the MD5
/// only for single-part uploads; objects put by other tools without it are compared by ETag = MD5 instead.
package struct S3DirectoryUploader: Sendable {
    package var client: S3Client
    /// Files uploaded at once.
    package var concurrency = 4
    /// Files above this go in parts of this size.
    package var partSize = 8 << 20

    package init(client: S3Client) {
        self.client = client
    }

    /// What a run did.
    package struct Summary: Sendable {
        package var uploaded = 0
        package var skipped = 0
        package var bytesUploaded = 0
        package var failures: [S3Error] = []
        package var seconds = 0.0

        package var line: String {
            String(
                format: "uploaded %d file(s) (%.1f MB), skipped %d already there, %d failed, in %.2f s",
                uploaded, Double(bytesUploaded) / 1e6, skipped, failures.count, seconds)
        }
    }

    /// The files under `directory`, relative and sorted; hidden names (the run lock) and temporaries
    /// (`*.tmp-*`, never renamed into place) are left out.
    package static func files(in directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if name.contains(".tmp-") { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(directory)/\(relative)", isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(relative)
            }
        }
        return found.sorted()
    }

    /// Uploads every file of `directory` to `prefix` + its relative path; failures are collected, not thrown.
    package func upload(directory: String, to prefix: S3Location, progress: (@Sendable (String) -> Void)? = nil) async -> Summary {
        let started = ContinuousClock.now
        let files = Self.files(in: directory)
        var summary = Summary()
        await withTaskGroup(of: (Int, Result<Bool, S3Error>).self) { group in
            var next = 0
            func start() {
                guard next < files.count else { return }
                let relative = files[next]
                next += 1
                group.addTask {
                    let path = "\(directory)/\(relative)"
                    do throws(S3Error) {
                        let (uploaded, size) = try await uploadFile(path, to: prefix.appending(relative))
                        progress?("\(uploaded ? "uploaded" : "skipped ") \(relative) (\(size) bytes)")
                        return (size, .success(uploaded))
                    } catch {
                        return (0, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { start() }
            for await (size, result) in group {
                switch result {
                case .success(true):
                    summary.uploaded += 1
                    summary.bytesUploaded += size
                case .success(false): summary.skipped += 1
                case .failure(let error): summary.failures.append(error)
                }
                start()
            }
        }
        summary.seconds = (ContinuousClock.now - started) / .seconds(1)
        return summary
    }

    /// Uploads one file unless an identical object is there; returns whether it uploaded, and the size.
    package func uploadFile(_ path: String, to location: S3Location) async throws(S3Error) -> (Bool, Int) {
        func fileError(_ message: String) -> S3Error {
            S3Error(operation: "read \(path)", bucket: location.bucket, key: location.key, status: nil, code: nil, message: message)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fileError("cannot open the file") }
        defer { try? handle.close() }
        // First pass: size and SHA-256, without holding the file.
        var hasher = SHA256()
        var size = 0
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                size += chunk.count
            }
        } catch { throw fileError("read failed: \(error)") }
        let sha256 = SigV4Signer.hex(hasher.finalize())

        if let head = try await client.headObject(location), head.size == size {
            if head.metadata["sha256"] == sha256 { return (false, size) }
            if head.metadata["sha256"] == nil, !head.etag.contains("-"), head.etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == (try? md5(path)) {
                return (false, size)
            }
        }
        do { try handle.seek(toOffset: 0) } catch { throw fileError("seek failed: \(error)") }
        let metadata = ["sha256": sha256]
        func readPart() throws(S3Error) -> ByteBuffer {
            do { return ByteBuffer(bytes: try handle.read(upToCount: partSize) ?? Data()) } catch { throw fileError("read failed: \(error)") }
        }
        if size <= partSize {
            try await client.putObject(location, body: try readPart(), metadata: metadata)
            return (true, size)
        }
        let uploadID = try await client.createMultipartUpload(location, metadata: metadata)
        do {
            var parts: [(number: Int, etag: String)] = []
            var number = 1
            while true {
                let part = try readPart()
                if part.readableBytes == 0 { break }
                let etag = try await client.uploadPart(location, uploadID: uploadID, number: number, body: part)
                parts.append((number, etag))
                number += 1
            }
            try await client.completeMultipartUpload(location, uploadID: uploadID, parts: parts)
        } catch {
            try? await client.abortMultipartUpload(location, uploadID: uploadID)
            throw error
        }
        return (true, size)
    }

    private func md5(_ path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return SigV4Signer.hex(Array(hasher.finalize()))
    }
}

