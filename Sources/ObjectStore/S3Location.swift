/// A bucket and key (or key prefix) parsed from an `s3://bucket/key` URL.
package struct S3Location: Sendable, Hashable, CustomStringConvertible {
    package var bucket: String
    package var key: String

    package init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// A URL that is not `s3://bucket/…`, or a bucket name S3 would refuse.
    package struct ParseError: Error, Sendable, CustomStringConvertible {
        package var url: String
        package var reason: String
        package var description: String { "\(url): \(reason)" }
    }

    /// Whether `string` is meant as an S3 URL (so a local path is never taken for one).
    package static func isS3URL(_ string: String) -> Bool { string.hasPrefix("s3://") }

    /// Parses `s3://bucket/key`; the key may be empty (a prefix: the whole bucket).
    package init(parsing url: String) throws(ParseError) {
        guard Self.isS3URL(url) else { throw ParseError(url: url, reason: "not an s3:// URL") }
        let rest = url.dropFirst(5)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let bucket = String(rest[..<slash])
        let key = slash < rest.endIndex ? String(rest[rest.index(after: slash)...]) : ""
        if let problem = Self.bucketProblem(bucket) { throw ParseError(url: url, reason: problem) }
        guard key.utf8.count <= 1024 else { throw ParseError(url: url, reason: "the key is longer than S3's 1,024 bytes") }
        guard !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ParseError(url: url, reason: "the key holds a control character")
        }
        self.bucket = bucket
        self.key = key
    }

    /// Parses a URL that must name one object: a key that is not empty and does not end in `/`.
    package init(parsingObject url: String) throws(ParseError) {
        try self.init(parsing: url)
        guard !key.isEmpty, !key.hasSuffix("/") else {
            throw ParseError(url: url, reason: "names no object: give a key such as s3://\(bucket)/data/products.parquet")
        }
    }

    /// Parses a URL that names a prefix; `prefix/` and `prefix` both mean the objects `prefix/…`.
    package init(parsingPrefix url: String) throws(ParseError) {
        try self.init(parsing: url)
        if !key.isEmpty, !key.hasSuffix("/") { key += "/" }
    }

    /// The location of `name` under this prefix.
    package func appending(_ name: String) -> S3Location {
        S3Location(bucket: bucket, key: key + name)
    }

    /// S3's naming rules: 3–63 characters of lower-case letters, digits, dots and hyphens, a letter or digit at
    /// each end. nil when the name is valid.
    package static func bucketProblem(_ bucket: String) -> String? {
        if bucket.isEmpty { return "no bucket: write s3://bucket/key" }
        guard (3...63).contains(bucket.utf8.count) else { return "bucket name \"\(bucket)\" must be 3 to 63 characters long" }
        let allowed = bucket.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard allowed else { return "bucket name \"\(bucket)\" may hold only lower-case letters, digits, dots and hyphens" }
        guard let first = bucket.utf8.first, let last = bucket.utf8.last,
            first != UInt8(ascii: "."), first != UInt8(ascii: "-"), last != UInt8(ascii: "."), last != UInt8(ascii: "-")
        else { return "bucket name \"\(bucket)\" must begin and end with a letter or digit" }
        return nil
    }

    package var description: String { "s3://\(bucket)/\(key)" }
}
