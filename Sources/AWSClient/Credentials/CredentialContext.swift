import Foundation
import Logging

/// What credential sources need besides their own settings: the environment, the shared
/// files, the region, and the means to call STS and credential endpoints.
struct CredentialContext: Sendable {
    var environment: [String: String]
    var shared: SharedConfiguration
    var region: Region?
    var transport: any HTTPTransport
    var retryStrategy: RetryStrategy
    var clock: WallClock
    var logger: Logger

    /// An STS client signing with `credentials` (unsigned calls only when `nil`), in the
    /// configured region (us-east-1 when none), honouring endpoint overrides.
    func stsClient(credentials: AWSCredentials?, profile: Profile?) throws -> STSClient {
        let region = self.region ?? .usEast1
        let endpoint = try Endpoint.resolve(service: .sts, region: region, environment: environment, profile: profile)
        let client = AWSServiceClient(
            service: .sts,
            region: region,
            endpoint: endpoint,
            credentialProvider: credentials.map { CredentialProvider(credentials: $0) },
            transport: transport,
            retryStrategy: retryStrategy,
            clock: clock,
            logger: logger
        )
        return STSClient(client: client)
    }

    /// A role session name when none is configured: unique per call and traceable to us.
    func generatedSessionName() -> String {
        "headroom-\(Int64(clock.now().timeIntervalSince1970 * 1000))"
    }
}
