import Foundation

/// The answer of `GetCallerIdentity`.
public struct CallerIdentity: Sendable, Hashable {
    /// The 12-digit account ID.
    public var account: String
    /// The ARN of the caller, e.g. `arn:aws:iam::123456789012:user/ci`.
    public var arn: String
    /// The unique ID of the caller.
    public var userID: String

    /// Creates an identity.
    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}

/// The input of `AssumeRole`.
public struct AssumeRoleRequest: Sendable, Hashable {
    /// The role to assume.
    public var roleARN: String
    /// A name for the session, shown in CloudTrail.
    public var sessionName: String
    /// The external ID the role's trust policy requires, if any.
    public var externalID: String?
    /// Session lifetime in seconds (the role's default if `nil`).
    public var durationSeconds: Int?

    /// Creates a request.
    public init(roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.externalID = externalID
        self.durationSeconds = durationSeconds
    }
}

/// The input of `AssumeRoleWithWebIdentity`. Its description leaves out the token.
public struct AssumeRoleWithWebIdentityRequest: Sendable, Hashable, CustomStringConvertible {
    /// The role to assume.
    public var roleARN: String
    /// A name for the session.
    public var sessionName: String
    /// The OIDC token (a secret).
    public var webIdentityToken: String
    /// Session lifetime in seconds (the role's default if `nil`).
    public var durationSeconds: Int?

    /// Creates a request.
    public init(roleARN: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.webIdentityToken = webIdentityToken
        self.durationSeconds = durationSeconds
    }

    public var description: String {
        "AssumeRoleWithWebIdentityRequest(roleARN: \(roleARN), sessionName: \(sessionName), webIdentityToken: <redacted>)"
    }
}

/// Temporary credentials of an assumed role.
public struct AssumedRole: Sendable, Hashable {
    /// The credentials, with their expiration.
    public var credentials: AWSCredentials
    /// The ARN of the assumed-role session, when STS returned it.
    public var assumedRoleARN: String?
    /// The ID of the assumed-role session, when STS returned it.
    public var assumedRoleID: String?
}
