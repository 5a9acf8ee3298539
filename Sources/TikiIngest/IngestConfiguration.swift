import Foundation
import TikiJSON

/// Everything an ingest or retry run is configured by, validated, in one value.
///
/// Built in layers, later ones winning: defaults ← `--config FILE` (JSON) ← environment (`TIKI_*`) ← flags.
///
/// The layering is written here, not with apple/swift-configuration (1.4.0), because that package cannot say
/// where a bad value came from. Its conversion error reads "Config value for key 'timeout' failed to convert to type
/// int", with no file path. Its `ConfigError` is `package`, so the error cannot be rewritten, and a reader with a
/// `default:` silently drops a bad value. Our range checks happen after the read, and by then `ConfigReader` no longer
/// knows which provider answered. It also has no dictionary type for `headers`. Every error here names the key and
/// its source ("from config file PATH", "from environment variable TIKI_X", "from flag --x"). The table below is
/// the one place that knows each key's range.
package struct IngestConfiguration: Sendable {
    /// How requests are made.
    package struct HTTP: Sendable {
        /// The client appends `/{id}`.
        package var baseURL = "https://api.tiki.vn/product-detail/api/v1/products"
        /// The most requests in flight. The rate limiter decides how fast they start; this only has to cover the
        /// allowed rate times the latency (1,000 requests/s at 100 ms is 100 in flight).
        package var concurrency = 128
        /// Seconds a whole request may take, body included (the request deadline).
        package var timeout = 5.0
        package var connectTimeout = 5.0
        /// Seconds the body may stall between reads.
        package var readTimeout = 5.0
        /// Bodies larger than this (after decompression) fail as `too_large`.
        package var maxBodyBytes = 8 << 20
        package var userAgent =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 tiki-pipeline/0.1"
        package var headers: [String: String] = ["Accept": "application/json", "Referer": "https://tiki.vn/"]
        /// Redirects followed before a response counts as `client_error`; 0 follows none.
        package var maxRedirects = 3
        /// The ceiling of the adaptive rate, or the fixed rate when `adaptive` is off; 0 is no ceiling.
        package var maxRequestsPerSecond = 0.0
        /// Find the allowed rate from the server's answers (see `AdaptiveRateLimiter`).
        package var adaptive = true

        package init() {}
    }

    package var http = HTTP()
    package var retry = RetryPolicy()
    package var batchSize = 1000
    /// The schema file that records are projected through; `nil` is the built-in default schema.
    package var schemaPath: String?
    /// Seconds between progress log lines when stderr is not a terminal.
    package var progressInterval = 5.0
    /// Seconds that in-flight requests get to finish after Ctrl-C.
    package var stopGracePeriod = 10.0
    /// Seconds without a single clean response, while the server refuses us, after which a run gives up.
    package var giveUpAfter = 1800.0

    package init() {}

    /// The rate limiter's settings: adaptive under `--max-rps`, or fixed at it.
    package var rateSettings: AdaptiveRateLimiter.Settings {
        guard http.adaptive else { return .fixed(http.maxRequestsPerSecond) }
        var settings = AdaptiveRateLimiter.Settings()
        if http.maxRequestsPerSecond > 0 { settings.ceiling = http.maxRequestsPerSecond }
        return settings
    }

    /// The configuration as JSON, for the run report.
    package var json: JSONValue {
        var object = JSONObject()
        for setting in Self.settings { object[setting.key] = setting.read(self) }
        return .object(object)
    }
}

extension IngestConfiguration {
    struct Setting: Sendable {
        var key: String
        var write: @Sendable (inout IngestConfiguration, JSONValue) -> String?
        var read: @Sendable (IngestConfiguration) -> JSONValue

        var environmentName: String { "TIKI_" + key.uppercased() }
    }

    private static func integer(
        _ key: String, _ range: ClosedRange<Int>, _ path: WritableKeyPath<IngestConfiguration, Int> & Sendable
    ) -> Setting {
        Setting(
            key: key,
            write: { config, value in
                guard let i = value.int64Value, value.stringValue.map({ Int64($0) != nil }) ?? true else {
                    return "expected an integer, got \(JSONWriter.string(value))"
                }
                guard range.contains(Int(i)) else { return "\(i) is outside \(range.lowerBound)...\(range.upperBound)" }
                config[keyPath: path] = Int(i)
                return nil
            },
            read: { .int(Int64($0[keyPath: path])) })
    }

    private static func number(
        _ key: String, _ range: ClosedRange<Double>, _ path: WritableKeyPath<IngestConfiguration, Double> & Sendable
    ) -> Setting {
        Setting(
            key: key,
            write: { config, value in
                guard let d = value.doubleValue, d.isFinite else { return "expected a number, got \(JSONWriter.string(value))" }
                guard range.contains(d) else { return "\(d) is outside \(range.lowerBound)...\(range.upperBound)" }
                config[keyPath: path] = d
                return nil
            },
            read: { .double($0[keyPath: path]) })
    }

    private static func text(
        _ key: String, _ path: WritableKeyPath<IngestConfiguration, String> & Sendable, check: @escaping @Sendable (String) -> String? = { _ in nil }
    ) -> Setting {
        Setting(
            key: key,
            write: { config, value in
                guard let s = value.stringValue else { return "expected a string, got \(JSONWriter.string(value))" }
                if let problem = check(s) { return problem }
                config[keyPath: path] = s
                return nil
            },
            read: { .string($0[keyPath: path]) })
    }

    private static func flag(_ key: String, _ path: WritableKeyPath<IngestConfiguration, Bool> & Sendable) -> Setting {
        Setting(
            key: key,
            write: { config, value in
                switch value {
                case .bool(let b): config[keyPath: path] = b
                case .string("on"), .string("true"): config[keyPath: path] = true
                case .string("off"), .string("false"): config[keyPath: path] = false
                default: return "expected on or off, got \(JSONWriter.string(value))"
                }
                return nil
            },
            read: { .bool($0[keyPath: path]) })
    }

    /// Seconds, from a number or a duration with a unit: `90`, `90s`, `30m`, `1.5h`, `500ms`.
    private static func duration(
        _ key: String, _ range: ClosedRange<Double>, _ path: WritableKeyPath<IngestConfiguration, Double> & Sendable
    ) -> Setting {
        Setting(
            key: key,
            write: { config, value in
                guard let seconds = value.doubleValue ?? value.stringValue.flatMap(Self.seconds(fromDuration:)), seconds.isFinite else {
                    return "expected a duration such as 90s, 30m or 1h, got \(JSONWriter.string(value))"
                }
                guard range.contains(seconds) else { return "\(seconds) s is outside \(range.lowerBound)...\(range.upperBound) s" }
                config[keyPath: path] = seconds
                return nil
            },
            read: { .double($0[keyPath: path]) })
    }

    /// Why a request header is invalid (RFC 9110: a name is a token; a value holds no CR, LF or NUL), or `nil`.
    /// Checked here because a bad header fails every request later, as a connection error.
    static func headerProblem(name: String, value: String) -> String? {
        let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)
        let validName = !name.isEmpty && name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || tokenPunctuation.contains(c)
        }
        guard validName else { return "header name \(JSONWriter.string(.string(name))) is not a valid HTTP token" }
        if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            return "header \(name) has a line break or NUL in its value"
        }
        return nil
    }

    /// Parses `90`, `90s`, `30m`, `1.5h`, `500ms` into seconds.
    static func seconds(fromDuration text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count)), number >= 0 else { return nil }
            return number * scale
        }
        return Double(trimmed).flatMap { $0 >= 0 ? $0 : nil }
    }

    static let settings: [Setting] = [
        text("base_url", \.http.baseURL) { url in
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
                return "\"\(url)\" is not an http(s) URL"
            }
            return nil
        },
        integer("concurrency", 1...4096, \.http.concurrency),
        number("timeout", 0.001...3600, \.http.timeout),
        number("connect_timeout", 0.001...3600, \.http.connectTimeout),
        number("read_timeout", 0.001...3600, \.http.readTimeout),
        integer("max_body_bytes", 1024...(1 << 30), \.http.maxBodyBytes),
        text("user_agent", \.http.userAgent) { headerProblem(name: "User-Agent", value: $0) },
        integer("max_redirects", 0...20, \.http.maxRedirects),
        number("max_rps", 0...1_000_000, \.http.maxRequestsPerSecond),
        flag("adaptive", \.http.adaptive),
        duration("give_up_after", 1...(30 * 86_400), \.giveUpAfter),
        integer("max_retries", 0...100, \.retry.maxRetries),
        number("backoff_base", 0...3600, \.retry.baseDelay),
        number("backoff_cap", 0...86_400, \.retry.maxDelay),
        number("retry_after_cap", 0...86_400, \.retry.retryAfterCap),
        integer("batch_size", 1...1_000_000, \.batchSize),
        number("progress_interval", 0.1...3600, \.progressInterval),
        number("stop_grace_period", 0...3600, \.stopGracePeriod),
        Setting(
            key: "schema",
            write: { config, value in
                guard let s = value.stringValue else { return "expected a file path" }
                config.schemaPath = s
                return nil
            },
            read: { $0.schemaPath.map(JSONValue.string) ?? .null }),
        Setting(
            key: "headers",
            write: { config, value in
                guard case .object(let object) = value else { return "expected an object of header names to values" }
                for (name, v) in object.pairs {
                    guard let s = v.stringValue else { return "header \(name) must be a string" }
                    if let problem = headerProblem(name: name, value: s) { return problem }
                    config.http.headers[name] = s
                }
                return nil
            },
            read: { config in
                let names = config.http.headers.keys.sorted()
                return .object(JSONObject(keys: names, values: names.map { .string(config.http.headers[$0]!) }))
            }),
    ]

    /// The keys a configuration file, `TIKI_*` variable or flag may set.
    package static var keys: [String] { settings.map(\.key) }

    /// The default of `key` as a flag would spell it, read from the defaults themselves so that help cannot drift.
    package static func defaultText(_ key: String) -> String? {
        guard let setting = settings.first(where: { $0.key == key }) else { return nil }
        switch setting.read(IngestConfiguration()) {
        case .bool(let on): return on ? "on" : "off"
        case .double(let d) where d.rounded() == d && abs(d) < 1e15: return String(Int64(d))
        case .string(let s): return s
        case let other: return JSONWriter.string(other)
        }
    }

    /// Sets `key` from a JSON value; `source` names where it came from in errors.
    package mutating func set(_ key: String, to value: JSONValue, source: String) throws(ConfigurationError) {
        guard let setting = Self.settings.first(where: { $0.key == key }) else {
            throw ConfigurationError(key: key, source: source, message: "unknown setting (known: \(Self.keys.joined(separator: ", ")))")
        }
        if let problem = setting.write(&self, value) {
            throw ConfigurationError(key: key, source: source, message: problem)
        }
    }

    /// Sets `key` from text, as the environment and flags give it: numbers and JSON objects are read as JSON.
    package mutating func set(_ key: String, text: String, source: String) throws(ConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let value: JSONValue
        if let first = trimmed.first, first == "{" || first == "-" || first.isNumber, let parsed = try? JSONParser.parse(trimmed) {
            value = parsed
        } else {
            value = .string(text)
        }
        try set(key, to: value, source: source)
    }

    /// Applies a JSON configuration file: an object of setting keys.
    package mutating func apply(file path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "config", source: path, message: "cannot read the file")
        }
        let json: JSONValue
        do { json = try JSONParser.parse(data) } catch {
            throw ConfigurationError(key: "config", source: path, message: "not valid JSON (\(error))")
        }
        guard case .object(let object) = json else {
            throw ConfigurationError(key: "config", source: path, message: "the top level must be an object")
        }
        for (key, value) in object.pairs { try set(key, to: value, source: "config file \(path)") }
    }

    /// Applies every `TIKI_<KEY>` variable present in `environment`.
    package mutating func apply(environment: [String: String]) throws(ConfigurationError) {
        for setting in Self.settings {
            if let text = environment[setting.environmentName] {
                try set(setting.key, text: text, source: "environment variable \(setting.environmentName)")
            }
        }
    }
}
