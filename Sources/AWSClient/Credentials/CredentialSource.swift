/// One place credentials can come from: the environment, a profile, a web identity token,
/// the ECS container endpoint, the EC2 instance metadata service.
///
/// A ``CredentialProvider`` asks its sources in order and keeps the first that answers.
public protocol CredentialSource: Sendable {
    /// A short name for logs and errors, e.g. `environment` or `profile 'ci'`.
    var name: String { get }

    /// Fetches credentials.
    /// - Returns: `nil` when this source is not configured (or, for instance metadata,
    ///   not reachable), so the next source should be asked.
    /// - Throws: when the source is configured but fails; the chain stops there.
    func credentials() async throws -> AWSCredentials?
}

/// Credentials fixed at creation, e.g. from a command-line flag or a test.
public struct StaticCredentialSource: CredentialSource {
    private let fixed: AWSCredentials
    public let name: String

    /// Creates a source that always returns `credentials`.
    public init(_ credentials: AWSCredentials, name: String = "static") {
        self.fixed = credentials
        self.name = name
    }

    public func credentials() async throws -> AWSCredentials? {
        fixed
    }
}
