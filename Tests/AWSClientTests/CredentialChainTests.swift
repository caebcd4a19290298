import HeadroomTestSupport
@testable import AWSClient
import Foundation
import Logging
import Testing

/// The default chain, driven through ``AWSConfiguration`` with injected environments,
/// temporary shared files and loopback stubs for STS, the container endpoint and IMDS.
@Suite("Default credential chain")
struct CredentialChainTests {
    /// An environment that never touches the real machine: shared files point into
    /// `directory` (absent unless written), IMDS is off unless `imds` is given.
    private static func environment(_ directory: TemporaryDirectory, _ extra: [String: String] = [:], imds: URL? = nil)
        -> [String: String]
    {
        var environment = [
            "AWS_CONFIG_FILE": directory.path + "/config",
            "AWS_SHARED_CREDENTIALS_FILE": directory.path + "/credentials",
            "AWS_REGION": "eu-west-1",
        ]
        if let imds {
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = imds.absoluteString
        } else {
            environment["AWS_EC2_METADATA_DISABLED"] = "true"
        }
        environment.merge(extra) { _, new in new }
        return environment
    }

    private static func configuration(_ environment: [String: String], clock: ManualClock = ManualClock()) throws
        -> AWSConfiguration
    {
        try AWSConfiguration(
            environment: environment,
            retryStrategy: SleepRecorder().strategy(),
            clock: clock.wallClock
        )
    }

    private static func stsStub(expiration: Date = Date(timeIntervalSince1970: 1_900_000_000)) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request, index in
            let action = request.formFields["Action"] ?? ""
            return .xml(
                200,
                StubFixtures.assumeRoleXML(
                    operation: action, accessKeyID: "ASIAROLE\(index)", secret: "roleSecret\(index)", token: "roleToken\(index)",
                    expiration: expiration
                )
            )
        }
    }

    @Test func environmentKeysBeatTheSharedFiles() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("credentials", "[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = fileSecret\n")
        let aws = try Self.configuration(
            Self.environment(directory, ["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envSecret", "AWS_SESSION_TOKEN": "envToken"])
        )
        let credentials = try await aws.credentialProvider.credentials()
        #expect(credentials.accessKeyID == "AKIAENV")
        #expect(credentials.sessionToken == "envToken")
        #expect(await aws.credentialProvider.sourceName == "environment")
    }

    @Test func partialEnvironmentKeysAreAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let aws = try Self.configuration(Self.environment(directory, ["AWS_ACCESS_KEY_ID": "AKIAENV"]))
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("AWS_SECRET_ACCESS_KEY") == true)
    }

    @Test func selectedProfileSuppliesKeysAndRegion() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config", "[profile dev]\nregion = ap-southeast-2\n")
        try directory.write(
            "credentials", "[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = devSecret\naws_session_token = devToken\n"
        )
        var environment = Self.environment(directory, ["AWS_PROFILE": "dev"])
        environment["AWS_REGION"] = nil
        let aws = try Self.configuration(environment)
        #expect(aws.region?.name == "ap-southeast-2")
        #expect(try aws.client(for: .ecs).endpoint.url.absoluteString == "https://ecs.ap-southeast-2.amazonaws.com")
        let credentials = try await aws.credentialProvider.credentials()
        #expect(credentials.accessKeyID == "AKIADEV")
        #expect(credentials.sessionToken == "devToken")
        #expect(await aws.credentialProvider.sourceName == "profile 'dev'")
    }

    @Test func anExplicitlySelectedProfileMustExist() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let aws = try Self.configuration(Self.environment(directory, ["AWS_PROFILE": "ghost"]))
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(error?.description.contains("'ghost'") == true)
    }

    @Test func roleProfileAssumesTheRoleWithSourceProfileKeys() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try Self.stsStub()
        defer { sts.stop() }
        try directory.write(
            "config",
            """
            [profile deploy]
            role_arn = arn:aws:iam::123456789012:role/deploy
            source_profile = base
            role_session_name = headroom-test
            external_id = ext-42
            duration_seconds = 1800
            """
        )
        try directory.write("credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = baseSecret\n")
        let aws = try Self.configuration(
            Self.environment(directory, ["AWS_PROFILE": "deploy", "AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString])
        )
        let credentials = try await aws.credentialProvider.credentials()
        #expect(credentials.accessKeyID == "ASIAROLE0")
        #expect(credentials.sessionToken == "roleToken0")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_900_000_000))

        let request = try #require(sts.requests.first)
        #expect(request.formFields["Action"] == "AssumeRole")
        #expect(request.formFields["RoleArn"] == "arn:aws:iam::123456789012:role/deploy")
        #expect(request.formFields["RoleSessionName"] == "headroom-test")
        #expect(request.formFields["ExternalId"] == "ext-42")
        #expect(request.formFields["DurationSeconds"] == "1800")
        #expect(request.header("Authorization")?.contains("Credential=AKIABASE/") == true)
        #expect(request.header("Authorization")?.contains("/eu-west-1/sts/aws4_request") == true)
        let base = AWSCredentials(accessKeyID: "AKIABASE", secretAccessKey: "baseSecret")
        #expect(StubFixtures.signatureMatches(request, credentials: base, service: "sts", region: "eu-west-1"))
    }

    @Test func roleChainsAssumeEachRoleWithThePreviousCredentials() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try Self.stsStub()
        defer { sts.stop() }
        try directory.write(
            "config",
            """
            [profile outer]
            role_arn = arn:aws:iam::111111111111:role/outer
            source_profile = inner
            [profile inner]
            role_arn = arn:aws:iam::222222222222:role/inner
            source_profile = keys
            [profile keys]
            aws_access_key_id = AKIAKEYS
            aws_secret_access_key = keysSecret
            """
        )
        let aws = try Self.configuration(
            Self.environment(directory, ["AWS_PROFILE": "outer", "AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString])
        )
        #expect(try await aws.credentialProvider.credentials().accessKeyID == "ASIAROLE1")
        #expect(sts.requests.count == 2)
        #expect(sts.requests[0].formFields["RoleArn"] == "arn:aws:iam::222222222222:role/inner")
        #expect(sts.requests[0].header("Authorization")?.contains("Credential=AKIAKEYS/") == true)
        #expect(sts.requests[1].formFields["RoleArn"] == "arn:aws:iam::111111111111:role/outer")
        #expect(sts.requests[1].header("Authorization")?.contains("Credential=ASIAROLE0/") == true)
        #expect(sts.requests[1].header("X-Amz-Security-Token") == "roleToken0")
    }

    @Test func sourceProfileCyclesAreDetected() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(
            "config",
            "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n"
        )
        let aws = try Self.configuration(Self.environment(directory, ["AWS_PROFILE": "a"]))
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(error?.description.contains("a -> b -> a") == true)
    }

    @Test func credentialSourceEnvironmentSignsTheAssumeRole() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try Self.stsStub()
        defer { sts.stop() }
        try directory.write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n")
        let environment = Self.environment(
            directory,
            ["AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString, "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envSecret"]
        )
        // In the chain the environment source answers first, as in the SDKs; asked on its
        // own, the profile assumes its role with the environment's keys.
        let chain = try Self.configuration(environment)
        #expect(try await chain.credentialProvider.credentials().accessKeyID == "AKIAENV")
        #expect(sts.requests.isEmpty)

        let context = CredentialContext(
            environment: environment, shared: try SharedConfiguration.load(environment: environment),
            region: Region("eu-west-1"), transport: URLSessionTransport(), retryStrategy: SleepRecorder().strategy(),
            clock: .system, logger: Logger(label: "test")
        )
        let credentials = try await ProfileCredentialSource(context: context).credentials()
        #expect(credentials?.accessKeyID == "ASIAROLE0")
        #expect(sts.requests.first?.header("Authorization")?.contains("Credential=AKIAENV/") == true)
    }

    @Test func credentialSourceWithoutCredentialsIsAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n")
        let aws = try Self.configuration(Self.environment(directory))
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(error?.description.contains("credential_source 'Environment'") == true)
    }

    @Test func webIdentityTokenIsExchangedUnsignedAndReReadOnRefresh() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let clock = ManualClock()
        let sts = try Self.stsStub(expiration: clock.now.addingTimeInterval(3600))
        defer { sts.stop() }
        let tokenFile = try directory.write("token", "first.oidc.token\n")
        let aws = try Self.configuration(
            Self.environment(
                directory,
                [
                    "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile,
                    "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/irsa",
                    "AWS_ROLE_SESSION_NAME": "pod-session",
                    "AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString,
                ]
            ),
            clock: clock
        )
        #expect(try await aws.credentialProvider.credentials().accessKeyID == "ASIAROLE0")
        let first = try #require(sts.requests.first)
        #expect(first.header("Authorization") == nil)
        #expect(first.formFields["Action"] == "AssumeRoleWithWebIdentity")
        #expect(first.formFields["WebIdentityToken"] == "first.oidc.token")
        #expect(first.formFields["RoleSessionName"] == "pod-session")
        #expect(first.formFields["RoleArn"] == "arn:aws:iam::123456789012:role/irsa")

        try directory.write("token", "rotated.oidc.token")
        clock.advance(by: 3400)
        #expect(try await aws.credentialProvider.credentials().accessKeyID == "ASIAROLE1")
        #expect(sts.requests.last?.formFields["WebIdentityToken"] == "rotated.oidc.token")
        #expect(await aws.credentialProvider.sourceName == "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)")
    }

    @Test func webIdentityFromAProfile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try Self.stsStub()
        defer { sts.stop() }
        let tokenFile = try directory.write("token", "profile.token")
        try directory.write("config", "[default]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = \(tokenFile)\n")
        let aws = try Self.configuration(Self.environment(directory, ["AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString]))
        #expect(try await aws.credentialProvider.credentials().accessKeyID == "ASIAROLE0")
        #expect(sts.requests.first?.formFields["WebIdentityToken"] == "profile.token")
        #expect(sts.requests.first?.header("Authorization") == nil)
    }

    @Test func missingWebIdentityTokenFileIsAnError() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let aws = try Self.configuration(
            Self.environment(directory, ["AWS_WEB_IDENTITY_TOKEN_FILE": directory.path + "/nope", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"])
        )
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(error?.code == .unreadableFile)
    }

    private static func containerDocument(expiration: String = "2030-01-01T00:00:00Z") -> String {
        #"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"containerSecret","Token":"containerToken","Expiration":"\#(expiration)","RoleArn":"arn:aws:iam::1:role/task"}"#
    }

    @Test func containerFullURIWithAuthorizationTokenFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let server = try LoopbackHTTPServer { _, _ in .json(200, Self.containerDocument()) }
        defer { server.stop() }
        let tokenFile = try directory.write("auth", "file-token\n")
        let aws = try Self.configuration(
            Self.environment(
                directory,
                [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL.absoluteString + "/v2/credentials/abc",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                ]
            )
        )
        let credentials = try await aws.credentialProvider.credentials()
        #expect(credentials.accessKeyID == "ASIACONTAINER")
        #expect(credentials.sessionToken == "containerToken")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/v2/credentials/abc")
        #expect(request.header("Authorization") == "file-token")
    }

    @Test func containerRelativeURIGoesToTheTaskMetadataHost() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, Self.containerDocument(expiration: "2030-01-01T00:00:00.000Z")) }
        defer { server.stop() }
        let source = ContainerCredentialSource(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/xyz", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "t"],
            transport: URLSessionTransport(),
            relativeHost: server.baseURL
        )
        let credentials = try #require(try await source.credentials())
        #expect(credentials.accessKeyID == "ASIACONTAINER")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_456_000))
        #expect(server.requests.first?.path == "/v2/credentials/xyz")
        #expect(server.requests.first?.header("Authorization") == "t")
    }

    @Test func containerFullURIOverPlainHTTPToARemoteHostIsRefused() async throws {
        let source = ContainerCredentialSource(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://198.51.100.7/creds"],
            transport: URLSessionTransport()
        )
        let error = await #expect(throws: CredentialError.self) { try await source.credentials() }
        #expect(error?.code == .endpointRejected)
    }

    @Test func containerErrorsNameTheEndpoint() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(500, body: "boom") }
        defer { server.stop() }
        let source = ContainerCredentialSource(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": server.baseURL.absoluteString + "/creds"],
            transport: URLSessionTransport()
        )
        let error = await #expect(throws: CredentialError.self) { try await source.credentials() }
        #expect(error?.code == .fetchFailed)
        #expect(error?.description.contains("HTTP 500") == true)
    }

    private static func imdsServer(roles: String = "headroom-node") throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request, _ in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                guard request.header("x-aws-ec2-metadata-token-ttl-seconds") != nil else { return .status(400) }
                return .status(200, body: "imds-session-token")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                guard request.header("x-aws-ec2-metadata-token") == "imds-session-token" else { return .status(401) }
                return roles.isEmpty ? .status(404) : .status(200, body: roles)
            case ("GET", "/latest/meta-data/iam/security-credentials/headroom-node"):
                guard request.header("x-aws-ec2-metadata-token") == "imds-session-token" else { return .status(401) }
                return .json(
                    200,
                    #"{"Code":"Success","LastUpdated":"2029-12-31T23:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imdsSecret","Token":"imdsToken","Expiration":"2030-01-01T00:00:00Z"}"#
                )
            default:
                return .status(404)
            }
        }
    }

    @Test func imdsV2TokenThenRoleThenCredentials() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let imds = try Self.imdsServer()
        defer { imds.stop() }
        let aws = try Self.configuration(Self.environment(directory, imds: imds.baseURL))
        let credentials = try await aws.credentialProvider.credentials()
        #expect(credentials.accessKeyID == "ASIAIMDS")
        #expect(credentials.sessionToken == "imdsToken")
        #expect(await aws.credentialProvider.sourceName == "EC2 instance metadata")
        #expect(imds.requests.map { "\($0.method) \($0.path)" } == [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/headroom-node",
        ])
        #expect(imds.requests[0].header("x-aws-ec2-metadata-token-ttl-seconds") == "21600")
    }

    @Test func imdsWithoutAnInstanceProfileHasNoCredentials() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let imds = try Self.imdsServer(roles: "")
        defer { imds.stop() }
        let aws = try Self.configuration(Self.environment(directory, imds: imds.baseURL))
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(error?.code == .noCredentials)
        #expect(imds.requests.count == 2)
    }

    @Test func unreachableIMDSEndsTheChainWithoutCredentials() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let closed = try LoopbackHTTPServer { _, _ in .status(200) }
        let url = closed.baseURL
        closed.stop()
        let aws = try Self.configuration(Self.environment(directory, imds: url))
        let error = await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(
            error?.description
                == "no AWS credentials found; tried: environment, profile 'default', web identity (AWS_WEB_IDENTITY_TOKEN_FILE), container credentials endpoint, EC2 instance metadata"
        )
    }

    @Test func disabledIMDSIsNotContacted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let imds = try Self.imdsServer()
        defer { imds.stop() }
        var environment = Self.environment(directory, imds: imds.baseURL)
        environment["AWS_EC2_METADATA_DISABLED"] = "TRUE"
        let aws = try Self.configuration(environment)
        await #expect(throws: CredentialError.self) { try await aws.credentialProvider.credentials() }
        #expect(imds.requests.isEmpty)
    }

    @Test func webIdentityComesBeforeTheContainerEndpoint() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try Self.stsStub()
        defer { sts.stop() }
        let container = try LoopbackHTTPServer { _, _ in .json(200, Self.containerDocument()) }
        defer { container.stop() }
        let tokenFile = try directory.write("token", "t")
        let aws = try Self.configuration(
            Self.environment(
                directory,
                [
                    "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/r",
                    "AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString,
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": container.baseURL.absoluteString + "/c",
                ]
            )
        )
        #expect(try await aws.credentialProvider.credentials().accessKeyID == "ASIAROLE0")
        #expect(container.requests.isEmpty)
    }

    @Test func missingRegionIsReportedWhenAClientIsMade() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var environment = Self.environment(directory)
        environment["AWS_REGION"] = nil
        let aws = try Self.configuration(environment)
        let error = #expect(throws: AWSClientError.self) { try aws.client(for: .ecs) }
        #expect(error?.code == .missingRegion)
    }

    @Test func maxAttemptsComeFromTheEnvironmentOrProfile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config", "[default]\nmax_attempts = 5\n")
        #expect(try Self.configuration(Self.environment(directory)).retryStrategy.maxAttempts == 5)
        #expect(try Self.configuration(Self.environment(directory, ["AWS_MAX_ATTEMPTS": "2"])).retryStrategy.maxAttempts == 2)
        let error = #expect(throws: AWSClientError.self) {
            try Self.configuration(Self.environment(directory, ["AWS_MAX_ATTEMPTS": "zero"]))
        }
        #expect(error?.code == .invalidSetting)
    }
}
