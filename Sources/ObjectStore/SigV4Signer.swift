import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AWS Signature Version 4: signs a request's method, path, query, headers and payload hash with a key derived
/// from the secret, the date, the region and the service.
package struct SigV4Signer: Sendable {
    package var credentials: AWSCredentials
    package var region: String
    package var service: String
    /// Every service but S3 normalises the path (`.`, `..`, repeated slashes); S3 signs the key as it is,
    /// because `a//b` and `a/./b` are distinct keys.
    package var normalizePath: Bool

    /// The hash of an empty payload, which most requests sign.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    package init(credentials: AWSCredentials, region: String, service: String = "s3", normalizePath: Bool? = nil) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizePath = normalizePath ?? (service != "s3")
    }

    /// What signing produced; `headers` are the ones to send besides the caller's (date, token, authorization).
    package struct Signed: Sendable {
        package var canonicalRequest: String
        package var stringToSign: String
        package var signature: String
        package var authorization: String
        package var headers: [(name: String, value: String)]
    }

    /// Signs a request. `path` is the raw (unencoded) path, `query` the decoded pairs; `headers` must include
    /// `host` and are all signed. The date and session token headers are added here.
    package func sign(
        method: String, path: String, query: [(String, String)] = [], headers: [(String, String)],
        payloadHash: String, date: AmzDate
    ) -> Signed {
        var all = headers
        var added: [(name: String, value: String)] = [("x-amz-date", date.timestamp)]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        all += added.map { ($0.name, $0.value) }

        let canonicalHeaders = Self.canonicalHeaders(all)
        let signedHeaders = canonicalHeaders.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            method,
            canonicalURI(path),
            Self.canonicalQuery(query),
            canonicalHeaders.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(date.day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", date.timestamp, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(day: date.day)))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        added.append(("authorization", authorization))
        return Signed(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: added)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    private func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    /// The path as signed and as sent: each segment of the raw path percent-encoded once.
    package func canonicalURI(_ path: String) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if normalizePath {
            var kept: [String] = []
            for segment in segments.dropFirst() {
                switch segment {
                case "", ".": continue
                case "..": _ = kept.popLast()
                default: kept.append(segment)
                }
            }
            let trailing = path.count > 1 && (path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/.."))
            segments = [""] + kept + (trailing && !kept.isEmpty ? [""] : [])
        }
        let encoded = segments.map { Self.uriEncode($0) }.joined(separator: "/")
        if encoded.isEmpty || !encoded.hasPrefix("/") { return "/" + encoded }
        return encoded
    }

    /// Pairs encoded, then sorted by name and value (code-unit order, as AWS compares).
    package static func canonicalQuery(_ query: [(String, String)]) -> String {
        query.map { (uriEncode($0.0), uriEncode($0.1)) }
            .sorted { $0.0 != $1.0 ? Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) : Array($0.1.utf8).lexicographicallyPrecedes(Array($1.1.utf8)) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Lower-case names, sorted; values trimmed with inner runs of spaces folded; repeated names joined by commas.
    static func canonicalHeaders(_ headers: [(String, String)]) -> [(name: String, value: String)] {
        var order: [String] = []
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            if values[lower] == nil { order.append(lower) }
            values[lower, default: []].append(foldSpaces(value))
        }
        return order.sorted().map { ($0, values[$0]!.joined(separator: ",")) }
    }

    private static func foldSpaces(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// RFC 3986 encoding: everything but unreserved characters as %XX of its UTF-8 bytes.
    package static func uriEncode(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hexDigits(byte, uppercase: true)
            }
        }
        return out
    }

    private static func hexDigits(_ byte: UInt8, uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
    }

    /// Lower-case hex of a digest or any bytes.
    package static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { hexDigits($0, uppercase: false) }.joined()
    }
}

extension SigV4Signer {
    package static func hex(_ digest: SHA256.Digest) -> String { hex(Array(digest)) }
    package static func hex(_ code: HMAC<SHA256>.MAC) -> String { hex(Array(code)) }
}

/// A signing time: `20150830T123600Z` and its day `20150830`, always UTC.
package struct AmzDate: Sendable, Equatable {
    package var timestamp: String
    package var day: String { String(timestamp.prefix(8)) }

    /// Parses `yyyyMMdd'T'HHmmss'Z'`; nil for anything else.
    package init?(timestamp: String) {
        let bytes = Array(timestamp.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            (bytes[0..<8] + bytes[9..<15]).allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        self.timestamp = timestamp
    }

    /// The current time.
    package static func now() -> AmzDate { AmzDate(secondsSince1970: time(nil)) }

    package init(secondsSince1970 seconds: Int) {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int32, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        timestamp = pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "Z"
    }
}
