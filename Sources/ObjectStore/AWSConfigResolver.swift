import Foundation

/// Resolves credentials, region and endpoint the way the AWS CLI and SDKs do, from the environment and the
/// shared files, so one set of settings serves every tool.
///
/// Credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`) first; otherwise the profile
/// `AWS_PROFILE` (or `default`) in `~/.aws/credentials` (`AWS_SHARED_CREDENTIALS_FILE`), then in `~/.aws/config`
/// (`AWS_CONFIG_FILE`, section `[profile NAME]`, or `[default]`). Region: `AWS_REGION`, `AWS_DEFAULT_REGION`,
/// the profile's `region`, else `us-east-1`. Endpoint: the flag, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the
/// profile's `endpoint_url`, else AWS.
package struct AWSConfigResolver: Sendable {
    package var environment: [String: String]
    /// Reads a file's text, nil when absent; injectable for tests.
    package var readFile: @Sendable (String) -> String?

    package init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping @Sendable (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }
    ) {
        self.environment = environment
        self.readFile = readFile
    }

    /// A profile asked for but found nowhere, or a half-given key pair. Names files and variables, never values.
    package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
        package var description: String
    }

    package var profile: String { nonEmpty("AWS_PROFILE") ?? nonEmpty("AWS_DEFAULT_PROFILE") ?? "default" }

    private var home: String { nonEmpty("HOME") ?? NSHomeDirectory() }
    package var credentialsPath: String { nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials" }
    package var configPath: String { nonEmpty("AWS_CONFIG_FILE") ?? "\(home)/.aws/config" }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    private var credentialsFile: IniFile? { readFile(credentialsPath).map(IniFile.init(parsing:)) }
    private var configFile: IniFile? { readFile(configPath).map(IniFile.init(parsing:)) }

    /// The profile's section of the config file: `[default]` or `[profile NAME]`.
    private func configValue(_ key: String) -> String? {
        guard let config = configFile else { return nil }
        let section = profile == "default" ? "default" : "profile \(profile)"
        return config[section, key] ?? (profile == "default" ? config["profile default", key] : nil)
    }

    package func credentials() throws(ConfigurationError) -> AWSCredentials {
        let id = nonEmpty("AWS_ACCESS_KEY_ID"), secret = nonEmpty("AWS_SECRET_ACCESS_KEY")
        if let id, let secret {
            return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: nonEmpty("AWS_SESSION_TOKEN"), source: "the environment")
        }
        if (id == nil) != (secret == nil) {
            throw ConfigurationError(description: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (only \(id == nil ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") is)")
        }
        if let file = credentialsFile, let found = Self.keys(in: file, section: profile, source: "profile \(profile) in \(credentialsPath)") {
            return found
        }
        if let file = configFile {
            let section = profile == "default" ? "default" : "profile \(profile)"
            if let found = Self.keys(in: file, section: section, source: "profile \(profile) in \(configPath)") { return found }
        }
        throw ConfigurationError(description: "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile \(profile) aws_access_key_id and aws_secret_access_key in \(credentialsPath)")
    }

    private static func keys(in file: IniFile, section: String, source: String) -> AWSCredentials? {
        guard let id = file[section, "aws_access_key_id"], !id.isEmpty,
            let secret = file[section, "aws_secret_access_key"], !secret.isEmpty
        else { return nil }
        let token = file[section, "aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, source: source)
    }

    package func region() -> String {
        nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") ?? configValue("region") ?? "us-east-1"
    }

    /// A custom endpoint (MinIO, Ceph, moto), or nil for AWS itself.
    package func endpoint(flag: String?) -> String? {
        if let flag, !flag.isEmpty { return flag }
        return nonEmpty("AWS_ENDPOINT_URL_S3") ?? nonEmpty("AWS_ENDPOINT_URL") ?? configValue("endpoint_url")
    }
}
