/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialSource: CredentialSource {
    private let environment: [String: String]

    /// Reads from `environment` (injected; production passes the process environment).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    public var name: String { "environment" }

    /// - Throws: ``CredentialError`` when only one of the key ID and the secret is set.
    public func credentials() async throws -> AWSCredentials? {
        let keyID = environment.setting("AWS_ACCESS_KEY_ID")
        let secret = environment.setting("AWS_SECRET_ACCESS_KEY")
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (let keyID?, let secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: environment.setting("AWS_SESSION_TOKEN"))
        default:
            throw CredentialError.invalidConfiguration(
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together; only \(keyID == nil ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") is"
            )
        }
    }
}
