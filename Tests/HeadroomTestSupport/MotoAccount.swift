import AWSClient
import Foundation

/// IAM users in a moto server, and clients and configurations that sign as them.
///
/// The first three actions a moto started with `INITIAL_NO_AUTH_ACTION_COUNT=3` sees are
/// unauthenticated: ``administrator(at:)`` spends them on `CreateUser`, `CreateAccessKey` and
/// `PutUserPolicy` (allow everything), so every later call is signed and checked. Further
/// users, e.g. one denied some actions for `AccessDenied` tests, are created by the
/// administrator with signed calls.
public actor MotoAccount {
    /// One account per test process; users are remembered per server URL.
    public static let shared = MotoAccount()

    /// IAM, which only these helpers call.
    public static let iam = AWSService(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", wireProtocol: .query(version: "2010-05-08")
    )
    /// moto's fixed account ID.
    public static let accountID = "123456789012"
    /// The user the unauthenticated actions create.
    public static let administratorName = "headroom-admin"
    /// The region every helper client uses.
    public static let region = Region("us-east-1")!

    /// moto imports a service's backend on its first request, which can take seconds on a busy
    /// machine: allow far more than AWS would need.
    public static let transport = URLSessionTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(60), request: .seconds(90)))
    )

    private var administrators: [URL: MotoIdentity] = [:]
    private var users: [String: MotoIdentity] = [:]

    public init() {}

    /// The administrator of the moto at `endpoint` (allowed everything), created with the
    /// server's three unauthenticated actions on first use.
    public func administrator(at endpoint: URL) async throws -> MotoIdentity {
        if let existing = administrators[endpoint] { return existing }
        let bootstrap = Self.client(
            Self.iam, endpoint: endpoint, credentials: AWSCredentials(accessKeyID: "AKIABOOTSTRAPDUMMY", secretAccessKey: "dummy")
        )
        let identity = try await Self.createUser(Self.administratorName, endpoint: endpoint, with: bootstrap, denying: [])
        administrators[endpoint] = identity
        return identity
    }

    /// A user of the moto at `endpoint` allowed everything except `deniedActions` (IAM action
    /// patterns such as `ecs:DescribeServices` or `autoscaling:*`), created by the
    /// administrator on first use.
    public func user(named name: String, at endpoint: URL, denying deniedActions: [String] = []) async throws -> MotoIdentity {
        let key = "\(endpoint.absoluteString) \(name)"
        if let existing = users[key] { return existing }
        let administrator = try await administrator(at: endpoint)
        let identity = try await Self.createUser(name, endpoint: endpoint, with: administrator.client(Self.iam), denying: deniedActions)
        users[key] = identity
        return identity
    }

    private static func createUser(
        _ name: String, endpoint: URL, with iam: AWSServiceClient, denying deniedActions: [String]
    ) async throws -> MotoIdentity {
        var user = QueryParameters()
        user.add("UserName", name)
        _ = try await iam.query("CreateUser", parameters: user)
        let key = try await iam.query("CreateAccessKey", parameters: user)
        try await putPolicy(iam, user: name, policyName: "everything", effect: "Allow", actions: ["*"])
        if !deniedActions.isEmpty {
            try await putPolicy(iam, user: name, policyName: "denied", effect: "Deny", actions: deniedActions)
        }
        guard let keyID = key.text("AccessKey", "AccessKeyId"), let secret = key.text("AccessKey", "SecretAccessKey") else {
            throw MotoServer.MotoError("CreateAccessKey for \(name) returned no key")
        }
        return MotoIdentity(
            endpoint: endpoint, userName: name, credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret)
        )
    }

    private static func putPolicy(
        _ iam: AWSServiceClient, user: String, policyName: String, effect: String, actions: [String]
    ) async throws {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
        let document = #"{"Version":"2012-10-17","Statement":[{"Effect":""# + effect + #"","Action":["# + list
            + #"],"Resource":"*"}]}"#
        var parameters = QueryParameters()
        parameters.add("UserName", user)
        parameters.add("PolicyName", policyName)
        parameters.add("PolicyDocument", document)
        _ = try await iam.query("PutUserPolicy", parameters: parameters)
    }

    /// A client of `service` at `endpoint` signing with `credentials`, one attempt per call.
    public static func client(
        _ service: AWSService, endpoint: URL, credentials: AWSCredentials, retryStrategy: RetryStrategy = .singleAttempt,
        transport: any HTTPTransport = MotoAccount.transport, region: Region = MotoAccount.region
    ) -> AWSServiceClient {
        AWSServiceClient(
            service: service,
            region: region,
            endpoint: Endpoint(url: endpoint, source: "moto"),
            credentialProvider: CredentialProvider(credentials: credentials),
            transport: transport,
            retryStrategy: retryStrategy
        )
    }
}

/// An IAM user of a moto server: its credentials, and clients, configurations and
/// environments that sign as it and send to moto.
public struct MotoIdentity: Sendable {
    /// moto's base URL.
    public let endpoint: URL
    public let userName: String
    public let credentials: AWSCredentials

    /// `arn:aws:iam::123456789012:user/NAME`.
    public var arn: String { "arn:aws:iam::\(MotoAccount.accountID):user/\(userName)" }

    /// A client of `service` signing as this user, one attempt per call unless told otherwise.
    public func client(
        _ service: AWSService, retryStrategy: RetryStrategy = .singleAttempt, transport: any HTTPTransport = MotoAccount.transport,
        region: Region = MotoAccount.region
    ) -> AWSServiceClient {
        MotoAccount.client(service, endpoint: endpoint, credentials: credentials, retryStrategy: retryStrategy, transport: transport, region: region)
    }

    /// The environment a process (the `headroom` binary) needs to call moto as this user: the
    /// key in `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, `AWS_REGION=us-east-1`,
    /// `AWS_ENDPOINT_URL`, no shared files, no instance metadata, one attempt per call.
    public var environment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_REGION": MotoAccount.region.name,
            "AWS_ENDPOINT_URL": endpoint.absoluteString,
            "AWS_CONFIG_FILE": "/nonexistent/headroom-test/config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/headroom-test/credentials",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_MAX_ATTEMPTS": "1",
        ]
    }

    /// A configuration resolved from ``environment`` (the normal chain finds the key in it),
    /// sending through `transport`.
    public func configuration(
        retryStrategy: RetryStrategy = .singleAttempt, transport: any HTTPTransport = MotoAccount.transport
    ) throws -> AWSConfiguration {
        try AWSConfiguration(environment: environment, transport: transport, retryStrategy: retryStrategy)
    }
}

extension RetryStrategy {
    /// One attempt, no waiting: moto answers or it does not.
    public static var singleAttempt: RetryStrategy {
        RetryStrategy(maxAttempts: 1, sleep: { _ in })
    }

    /// `maxAttempts` attempts whose waits are skipped, for throttling tests against stubs.
    public static func immediate(maxAttempts: Int) -> RetryStrategy {
        RetryStrategy(maxAttempts: maxAttempts, random: { 0 }, sleep: { _ in })
    }
}
