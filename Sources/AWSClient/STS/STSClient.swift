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
