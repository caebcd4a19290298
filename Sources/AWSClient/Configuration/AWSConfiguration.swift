import Foundation
import Logging

/// Everything needed to build service clients, resolved from an environment the way the
/// AWS SDKs resolve it: the shared files, the profile, the region, the credential chain,
/// the retry policy, and the transport, clock and logger to use.
///
/// ```swift
/// let aws = try AWSConfiguration(environment: ProcessInfo.processInfo.environment)
/// let identity = try await STSClient(client: aws.client(for: .sts)).getCallerIdentity()
/// ```
public struct AWSConfiguration: Sendable {
    /// The environment everything was read from (injected; never the process's implicitly).
    public let environment: [String: String]
    /// The shared `config` and `credentials` files.
    public let shared: SharedConfiguration
    /// The selected profile's name (`AWS_PROFILE`, else `default`).
    public let profileName: String
    /// The selected profile, if either file has it.
    public let profile: Profile?
    /// The region, if one is configured.
    public let region: Region?
    /// The credentials every client of this configuration signs with.
    public internal(set) var credentialProvider: CredentialProvider
    /// How HTTP requests are sent.
    public internal(set) var transport: any HTTPTransport
    /// The retry policy, with `AWS_MAX_ATTEMPTS` or the profile's `max_attempts` applied.
    public let retryStrategy: RetryStrategy
    /// The wall clock for signing and expiry.
    public let clock: WallClock
    /// The logger clients log to.
    public let logger: Logger

    /// Resolves a configuration.
    /// - Parameters:
    ///   - environment: The environment variables to read.
    ///   - transport: The transport; a new ``URLSessionTransport`` if `nil`.
    ///   - retryStrategy: The retry policy before `max_attempts` settings are applied.
    ///   - clock: The wall clock.
    ///   - logger: The logger.
    ///   - credentialProvider: Overrides the default chain (environment, profile, web
    ///     identity, container endpoint, instance metadata).
    /// - Throws: ``AWSClientError`` for an unreadable shared file, an invalid region or an
    ///   invalid `max_attempts`.
    public init(
        environment: [String: String],
        transport: (any HTTPTransport)? = nil,
        retryStrategy: RetryStrategy = .standard,
        clock: WallClock = .system,
        logger: Logger = Logger(label: "headroom.aws"),
        credentialProvider: CredentialProvider? = nil
    ) throws {
        let shared = try SharedConfiguration.load(environment: environment)
        let profileName = SharedConfiguration.selectedProfileName(environment: environment)
        let profile = shared.profile(named: profileName)
        let region = try Region.resolve(environment: environment, profile: profile)
        let transport = transport ?? URLSessionTransport()
        var retryStrategy = retryStrategy
        if let maxAttempts = try Self.maxAttempts(environment: environment, profile: profile) {
            retryStrategy.maxAttempts = maxAttempts
        }
        self.environment = environment
        self.shared = shared
        self.profileName = profileName
        self.profile = profile
        self.region = region
        self.transport = transport
        self.retryStrategy = retryStrategy
        self.clock = clock
        self.logger = logger
        let context = CredentialContext(
            environment: environment, shared: shared, region: region, transport: transport,
            retryStrategy: retryStrategy, clock: clock, logger: logger
        )
        self.credentialProvider =
            credentialProvider
            ?? CredentialProvider(chain: Self.defaultChain(context: context), clock: clock, logger: logger)
    }

    /// A client for `service`, in `region` or the configured one, at the resolved endpoint.
    /// - Throws: ``AWSClientError`` when no region is configured or an endpoint override is invalid.
    public func client(for service: AWSService, region: Region? = nil) throws -> AWSServiceClient {
        guard let region = region ?? self.region else {
            throw AWSClientError.missingRegion(service: service.serviceID)
        }
        let endpoint = try Endpoint.resolve(service: service, region: region, environment: environment, profile: profile)
        return AWSServiceClient(
            service: service, region: region, endpoint: endpoint, credentialProvider: credentialProvider,
            transport: transport, retryStrategy: retryStrategy, clock: clock, logger: logger
        )
    }

    /// The SDKs' default chain, in their order.
    static func defaultChain(context: CredentialContext) -> [any CredentialSource] {
        [
            EnvironmentCredentialSource(environment: context.environment),
            ProfileCredentialSource(context: context),
            WebIdentityCredentialSource(context: context),
            ContainerCredentialSource(environment: context.environment, transport: context.transport),
            IMDSCredentialSource(environment: context.environment, transport: context.transport),
        ]
    }

    private static func maxAttempts(environment: [String: String], profile: Profile?) throws -> Int? {
        let candidates: [(String, String?)] = [
            ("AWS_MAX_ATTEMPTS", environment.setting("AWS_MAX_ATTEMPTS")),
            ("max_attempts of profile '\(profile?.name ?? "")'", profile?["max_attempts"]),
        ]
        for (source, value) in candidates {
            guard let value else { continue }
            guard let attempts = Int(value), attempts >= 1 else {
                throw AWSClientError.invalidSetting(value, source: source, expected: "a positive integer")
            }
            return attempts
        }
        return nil
    }
}
