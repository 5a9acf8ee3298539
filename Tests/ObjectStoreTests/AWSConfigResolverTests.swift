import Testing
@testable import ObjectStore

/// Credentials, region and endpoint resolved as the AWS CLI does, from an injected environment and files.
@Suite struct AWSConfigResolverTests {
    static let credentialsFile = """
        # comment
        [default]
        aws_access_key_id = AKIDDEFAULT
        aws_secret_access_key = secret/default+key

        [work]
        aws_access_key_id=AKIDWORK
        aws_secret_access_key=work#secret ; trailing comment
        aws_session_token = tokenwork
        """
    static let configFile = """
        [default]
        region = eu-west-3

        [profile work]
        region = ap-southeast-1
        endpoint_url = http://127.0.0.1:9000
        s3 =
          addressing_style = path

        [profile onlyconfig]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = configsecret
        """

    func resolver(_ environment: [String: String], files: Bool = true) -> AWSConfigResolver {
        var env = environment
        env["HOME"] = "/home/test"
        return AWSConfigResolver(environment: env) { path in
            guard files else { return nil }
            switch path {
            case "/home/test/.aws/credentials": return Self.credentialsFile
            case "/home/test/.aws/config": return Self.configFile
            default: return nil
            }
        }
    }

    @Test func environmentComesFirst() throws {
        let r = resolver(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken", "AWS_PROFILE": "work"])
        let c = try r.credentials()
        #expect(c.accessKeyID == "AKIDENV")
        #expect(c.secretAccessKey == "envsecret")
        #expect(c.sessionToken == "envtoken")
        #expect(c.source == "the environment")
    }

    @Test func defaultProfileFromTheCredentialsFile() throws {
        let c = try resolver([:]).credentials()
        #expect(c.accessKeyID == "AKIDDEFAULT")
        #expect(c.secretAccessKey == "secret/default+key")
        #expect(c.sessionToken == nil)
        #expect(resolver([:]).region() == "eu-west-3")
    }

    @Test func namedProfileWithTokenRegionAndEndpoint() throws {
        let r = resolver(["AWS_PROFILE": "work"])
        let c = try r.credentials()
        #expect(c.accessKeyID == "AKIDWORK")
        #expect(c.secretAccessKey == "work#secret")
        #expect(c.sessionToken == "tokenwork")
        #expect(r.region() == "ap-southeast-1")
        #expect(r.endpoint(flag: nil) == "http://127.0.0.1:9000")
        #expect(r.endpoint(flag: "http://localhost:1") == "http://localhost:1")
    }

    @Test func keysInTheConfigFileWhenTheCredentialsFileLacksTheProfile() throws {
        let c = try resolver(["AWS_PROFILE": "onlyconfig"]).credentials()
        #expect(c.accessKeyID == "AKIDCONFIG")
        #expect(c.source.contains(".aws/config"))
    }

    @Test func regionAndEndpointVariablesOverrideTheProfile() {
        let r = resolver(["AWS_PROFILE": "work", "AWS_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://a:1", "AWS_ENDPOINT_URL_S3": "http://b:2"])
        #expect(r.region() == "us-west-2")
        #expect(r.endpoint(flag: nil) == "http://b:2")
        #expect(resolver(["AWS_DEFAULT_REGION": "sa-east-1"]).region() == "sa-east-1")
        #expect(resolver([:], files: false).region() == "us-east-1")
        #expect(resolver([:], files: false).endpoint(flag: nil) == nil)
    }

    @Test func missingCredentialsNameTheProfileAndFileButNoSecret() {
        #expect(throws: AWSConfigResolver.ConfigurationError.self) { try resolver(["AWS_PROFILE": "nope"]).credentials() }
        do {
            _ = try resolver(["AWS_ACCESS_KEY_ID": "AKIDHALF"], files: true).credentials()
            Issue.record("a half-given key pair must fail")
        } catch {
            #expect(error.description.contains("AWS_SECRET_ACCESS_KEY"))
        }
        do {
            _ = try resolver(["AWS_PROFILE": "ghost"], files: false).credentials()
        } catch {
            #expect(error.description.contains("profile ghost"))
            #expect(error.description.contains("/home/test/.aws/credentials"))
        }
    }
}
