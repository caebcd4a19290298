import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

/// The IAM user and role the suite creates in moto; the first three actions moto sees are
/// unauthenticated (INITIAL_NO_AUTH_ACTION_COUNT=3) and used for the user, its key and its policy.
private actor MotoAccount {
    static let shared = MotoAccount()

    static let iam = AWSService(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", wireProtocol: .query(version: "2010-05-08")
    )
    static let userName = "headroom-ci"
    static let roleName = "headroom-controller"
    static let allowEverything = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    private var users: [Int: AWSCredentials] = [:]
    private var roles: [Int: String] = [:]

    /// The access key of the IAM user, created with the unauthenticated actions on first use.
    func userCredentials(_ server: MotoServer) async throws -> AWSCredentials {
        if let existing = users[server.port] { return existing }
        let bootstrap = client(Self.iam, server, AWSCredentials(accessKeyID: "AKIABOOTSTRAPDUMMY", secretAccessKey: "dummy"))
        var user = QueryParameters()
        user.add("UserName", Self.userName)
        _ = try await bootstrap.query("CreateUser", parameters: user)
        let key = try await bootstrap.query("CreateAccessKey", parameters: user)
        var policy = user
        policy.add("PolicyName", "everything")
        policy.add("PolicyDocument", Self.allowEverything)
        _ = try await bootstrap.query("PutUserPolicy", parameters: policy)
        let keyID = try #require(key.text("AccessKey", "AccessKeyId"))
        let secret = try #require(key.text("AccessKey", "SecretAccessKey"))
        let credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
        users[server.port] = credentials
        return credentials
    }

    /// A role the user may assume, created (with signed calls) on first use.
    func roleARN(_ server: MotoServer) async throws -> String {
        if let existing = roles[server.port] { return existing }
        let iam = client(Self.iam, server, try await userCredentials(server))
        // moto matches the trust policy's principal against the caller's ARN exactly.
        let principal = "arn:aws:iam::123456789012:user/\(Self.userName)"
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":""# + principal
            + #""},"Action":"sts:AssumeRole"}]}"#
        var role = QueryParameters()
        role.add("RoleName", Self.roleName)
        role.add("AssumeRolePolicyDocument", trust)
        let created = try await iam.query("CreateRole", parameters: role)
        var policy = QueryParameters()
        policy.add("RoleName", Self.roleName)
        policy.add("PolicyName", "everything")
        policy.add("PolicyDocument", Self.allowEverything)
        _ = try await iam.query("PutRolePolicy", parameters: policy)
        let arn = try #require(created.text("Role", "Arn"))
        roles[server.port] = arn
        return arn
    }

    nonisolated func client(_ service: AWSService, _ server: MotoServer, _ credentials: AWSCredentials) -> AWSServiceClient {
        AWSServiceClient(
            service: service,
            region: Region("us-east-1")!,
            endpoint: Endpoint(url: server.baseURL, source: "moto"),
            credentialProvider: CredentialProvider(credentials: credentials),
            transport: Self.transport,
            retryStrategy: SleepRecorder().strategy(maxAttempts: 1)
        )
    }

    /// moto imports a service's backend on its first request, which can take seconds on a
    /// busy machine: allow far more than AWS would need.
    static let transport = URLSessionTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(60), request: .seconds(90)))
    )
}

@Suite(
    "Integration with moto, signature checks on",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct MotoIntegrationTests {
    private var server: MotoServer {
        get throws { try #require(MotoServer.current, "the .moto trait provides the server") }
    }

    @Test func correctlySignedGetCallerIdentitySucceeds() async throws {
        let server = try server
        let credentials = try await MotoAccount.shared.userCredentials(server)
        let sts = STSClient(client: MotoAccount.shared.client(.sts, server, credentials))
        let identity = try await sts.getCallerIdentity()
        #expect(identity.arn == "arn:aws:iam::123456789012:user/\(MotoAccount.userName)")
        #expect(identity.account == "123456789012")
    }

    @Test func wrongSecretIsATypedSignatureDoesNotMatch() async throws {
        let server = try server
        let credentials = try await MotoAccount.shared.userCredentials(server)
        let forged = AWSCredentials(accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey + "x")
        let error = await #expect(throws: AWSError.self) {
            try await STSClient(client: MotoAccount.shared.client(.sts, server, forged)).getCallerIdentity()
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.status == 403)
        #expect(error.map { !"\($0)".contains(forged.secretAccessKey) } == true)
    }

    @Test func unknownAccessKeyIsInvalidClientTokenId() async throws {
        let server = try server
        _ = try await MotoAccount.shared.userCredentials(server)
        let stranger = AWSCredentials(accessKeyID: "AKIAEXAMPLENOTKNOWN0", secretAccessKey: "whatever")
        let error = await #expect(throws: AWSError.self) {
            try await STSClient(client: MotoAccount.shared.client(.sts, server, stranger)).getCallerIdentity()
        }
        #expect(error?.code == "InvalidClientTokenId")
    }

    @Test func sessionTokenCredentialsFromAssumeRoleAreAccepted() async throws {
        let server = try server
        let user = try await MotoAccount.shared.userCredentials(server)
        let roleARN = try await MotoAccount.shared.roleARN(server)
        let sts = STSClient(client: MotoAccount.shared.client(.sts, server, user))
        let assumed = try await sts.assumeRole(AssumeRoleRequest(roleARN: roleARN, sessionName: "integration"))
        #expect(assumed.credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(assumed.credentials.sessionToken?.isEmpty == false)

        let asRole = STSClient(client: MotoAccount.shared.client(.sts, server, assumed.credentials))
        let identity = try await asRole.getCallerIdentity()
        #expect(identity.arn.contains("assumed-role/\(MotoAccount.roleName)/integration"))

        var tampered = assumed.credentials
        tampered.secretAccessKey += "x"
        let error = await #expect(throws: AWSError.self) {
            try await STSClient(client: MotoAccount.shared.client(.sts, server, tampered)).getCallerIdentity()
        }
        #expect(error?.code == "SignatureDoesNotMatch")
    }

    private struct Empty: Codable, Sendable {}

    @Test func everyProtocolSignsInAWayMotoAccepts() async throws {
        let server = try server
        let user = try await MotoAccount.shared.userCredentials(server)
        // JSON 1.1, JSON 1.0, JSON 1.0 query-compatible, Query.
        try await MotoAccount.shared.client(.ecs, server, user).json("ListClusters", input: Empty())
        try await MotoAccount.shared.client(.dynamoDB, server, user).json("ListTables", input: Empty())
        try await MotoAccount.shared.client(.cloudWatch, server, user).json("ListMetrics", input: Empty())
        let groups = try await MotoAccount.shared.client(.autoScaling, server, user).query("DescribeAutoScalingGroups")
        #expect(groups.name == "DescribeAutoScalingGroupsResult")
        try await MotoAccount.shared.client(.applicationAutoScaling, server, user)
            .json("DescribeScalableTargets", input: ["ServiceNamespace": "ecs"])
    }

    @Test func aJSONServiceReportsMotosXMLAuthErrorTyped() async throws {
        let server = try server
        let user = try await MotoAccount.shared.userCredentials(server)
        let forged = AWSCredentials(accessKeyID: user.accessKeyID, secretAccessKey: "not-the-secret")
        let error = await #expect(throws: AWSError.self) {
            try await MotoAccount.shared.client(.dynamoDB, server, forged).json("ListTables", input: Empty())
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(error?.service == "DynamoDB")
    }

    @Test func roleProfileResolvesThroughMotosSTS() async throws {
        let server = try server
        let user = try await MotoAccount.shared.userCredentials(server)
        let roleARN = try await MotoAccount.shared.roleARN(server)
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("config", "[profile controller]\nrole_arn = \(roleARN)\nsource_profile = ci\nregion = us-east-1\n")
        try directory.write(
            "credentials", "[ci]\naws_access_key_id = \(user.accessKeyID)\naws_secret_access_key = \(user.secretAccessKey)\n"
        )
        let aws = try AWSConfiguration(
            environment: [
                "AWS_CONFIG_FILE": directory.path + "/config",
                "AWS_SHARED_CREDENTIALS_FILE": directory.path + "/credentials",
                "AWS_PROFILE": "controller",
                "AWS_ENDPOINT_URL": server.baseURL.absoluteString,
                "AWS_EC2_METADATA_DISABLED": "true",
            ],
            transport: MotoAccount.transport,
            retryStrategy: SleepRecorder().strategy(maxAttempts: 1)
        )
        let identity = try await STSClient(client: aws.client(for: .sts)).getCallerIdentity()
        #expect(identity.arn.contains("assumed-role/\(MotoAccount.roleName)/"))
        #expect(await aws.credentialProvider.sourceName == "profile 'controller'")
    }
}
