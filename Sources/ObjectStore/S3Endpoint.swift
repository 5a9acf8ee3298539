import Foundation

/// Where S3 requests go: AWS (virtual-hosted `bucket.s3.REGION.amazonaws.com`) or a custom endpoint such as
/// MinIO, Ceph or moto, addressed path-style (`host/bucket/key`) because they rarely have wildcard DNS.
package struct S3Endpoint: Sendable, Equatable {
    package var scheme: String
    package var host: String
    package var port: Int?
    package var pathStyle: Bool

    /// An endpoint URL that cannot be used.
    package struct InvalidEndpoint: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    /// AWS in `region`.
    package static func aws(region: String) -> S3Endpoint {
        S3Endpoint(scheme: "https", host: "s3.\(region).amazonaws.com", port: nil, pathStyle: false)
    }

    package init(scheme: String, host: String, port: Int?, pathStyle: Bool) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathStyle = pathStyle
    }

    /// Parses `http://127.0.0.1:9000` (a path after the host is refused: signing would not cover it).
    package init(url string: String, pathStyle: Bool = true) throws(InvalidEndpoint) {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw InvalidEndpoint(description: "endpoint \(string): expected http(s)://host[:port]") }
        guard url.path.isEmpty || url.path == "/", url.query == nil else {
            throw InvalidEndpoint(description: "endpoint \(string): give only scheme, host and port")
        }
        self.init(scheme: scheme, host: host, port: url.port, pathStyle: pathStyle)
    }

    /// The Host header for `bucket`: the port is part of it when it is not the scheme's default.
    package func hostHeader(bucket: String?) -> String {
        let base = (!pathStyle && bucket != nil) ? "\(bucket!).\(host)" : host
        guard let port, port != (scheme == "https" ? 443 : 80) else { return base }
        return "\(base):\(port)"
    }

    /// The raw (unencoded) path of an object or bucket request.
    package func rawPath(bucket: String, key: String) -> String {
        pathStyle ? "/\(bucket)/\(key)" : "/\(key)"
    }
}
