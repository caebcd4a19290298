import Foundation
import SigV4

/// Typed AWS STS operations over an ``AWSServiceClient`` for ``AWSService/sts``.
public struct STSClient: Sendable {
    /// The client the operations go through.
    public let client: AWSServiceClient

    /// Wraps a client for STS.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Who the credentials belong to (`sts:GetCallerIdentity`; needs no permission).
    public func getCallerIdentity() async throws -> CallerIdentity {
        let result = try await client.query("GetCallerIdentity")
        guard let arn = result.text("Arn"), let account = result.text("Account") else {
            throw malformed("GetCallerIdentity", "no Arn or Account")
        }
        return CallerIdentity(account: account, arn: arn, userID: result.text("UserId") ?? "")
    }

    /// Temporary credentials for a role, signed with the client's credentials (`sts:AssumeRole`).
    public func assumeRole(_ request: AssumeRoleRequest) async throws -> AssumedRole {
        var parameters = QueryParameters()
        parameters.add("RoleArn", request.roleARN)
        parameters.add("RoleSessionName", request.sessionName)
        parameters.add("ExternalId", request.externalID)
        parameters.add("DurationSeconds", request.durationSeconds)
        let result = try await client.query("AssumeRole", parameters: parameters)
        return try assumedRole(from: result, operation: "AssumeRole")
    }

    /// Temporary credentials for a role in exchange for an OIDC token
    /// (`sts:AssumeRoleWithWebIdentity`); the call is unsigned.
    public func assumeRoleWithWebIdentity(_ request: AssumeRoleWithWebIdentityRequest) async throws -> AssumedRole {
        var parameters = QueryParameters()
        parameters.add("RoleArn", request.roleARN)
        parameters.add("RoleSessionName", request.sessionName)
        parameters.add("WebIdentityToken", request.webIdentityToken)
        parameters.add("DurationSeconds", request.durationSeconds)
        let result = try await client.query(
            "AssumeRoleWithWebIdentity", parameters: parameters, signed: false,
            redacting: [request.webIdentityToken, URIEncoding.encode(request.webIdentityToken)]
        )
        return try assumedRole(from: result, operation: "AssumeRoleWithWebIdentity")
    }

    private func assumedRole(from result: XMLTree, operation: String) throws -> AssumedRole {
        guard let credentials = result.child("Credentials") else {
            throw malformed(operation, "no Credentials element")
        }
        guard let accessKeyID = credentials.text("AccessKeyId"), !accessKeyID.isEmpty,
            let secret = credentials.text("SecretAccessKey"), !secret.isEmpty,
            let token = credentials.text("SessionToken"), !token.isEmpty
        else {
            throw malformed(operation, "Credentials lack AccessKeyId, SecretAccessKey or SessionToken")
        }
        guard let expirationText = credentials.text("Expiration"), let expiration = ISO8601Timestamp.parse(expirationText)
        else {
            throw malformed(operation, "Credentials lack a readable Expiration")
        }
        return AssumedRole(
            credentials: AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token, expiration: expiration
            ),
            assumedRoleARN: result.text("AssumedRoleUser", "Arn"),
            assumedRoleID: result.text("AssumedRoleUser", "AssumedRoleId")
        )
    }

    private func malformed(_ operation: String, _ detail: String) -> AWSClientError {
        AWSClientError.malformedResponse(service: client.service.serviceID, operation: operation, detail: detail)
    }
}

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
