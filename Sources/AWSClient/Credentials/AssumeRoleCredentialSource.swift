import Foundation

/// Credentials of a role, from `sts:AssumeRole` signed with other credentials: how one
/// daemon reaches targets in other accounts (a policy file's `RoleArn:`).
///
/// Put it in a ``CredentialProvider`` (see ``AWSConfiguration/assumingRole(_:externalID:sessionName:)``),
/// which keeps the session and assumes the role again before it expires.
public struct AssumeRoleCredentialSource: CredentialSource {
    /// The STS client that calls AssumeRole, signing with the base credentials.
    public let sts: STSClient
    /// What is asked for.
    public let request: AssumeRoleRequest

    public init(sts: STSClient, request: AssumeRoleRequest) {
        self.sts = sts
        self.request = request
    }

    public var name: String { "assumed role \(request.roleARN)" }

    public func credentials() async throws -> AWSCredentials? {
        try await sts.assumeRole(request).credentials
    }
}

extension AWSConfiguration {
    /// This configuration with the credentials of `roleARN`, assumed through STS with this
    /// configuration's credentials and refreshed five minutes before each session expires.
    /// - Throws: ``AWSClientError`` when no STS endpoint can be resolved.
    public func assumingRole(_ roleARN: String, externalID: String?, sessionName: String = "headroom") throws -> AWSConfiguration {
        let sts = STSClient(client: try client(for: .sts, region: region ?? .usEast1))
        let source = AssumeRoleCredentialSource(
            sts: sts, request: AssumeRoleRequest(roleARN: roleARN, sessionName: sessionName, externalID: externalID))
        var copy = self
        copy.credentialProvider = CredentialProvider(chain: [source], clock: clock, logger: logger)
        return copy
    }

    /// This configuration sending through `transport` instead.
    public func sending(through transport: any HTTPTransport) -> AWSConfiguration {
        var copy = self
        copy.transport = transport
        return copy
    }
}
