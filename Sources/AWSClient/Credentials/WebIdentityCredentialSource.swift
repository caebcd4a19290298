import Foundation

/// Credentials from `AssumeRoleWithWebIdentity` with an OIDC token read from a file
/// (EKS IRSA, GitHub Actions): `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`
/// [+ `AWS_ROLE_SESSION_NAME`], or a profile's `web_identity_token_file` + `role_arn`.
///
/// The token file is read again on every refresh because it is rotated.
public struct WebIdentityCredentialSource: CredentialSource {
    private let context: CredentialContext
    private let configuration: (roleARN: String, tokenFile: String, sessionName: String?, profile: Profile?)?

    public let name: String

    /// From the environment variables.
    init(context: CredentialContext) {
        self.context = context
        let environment = context.environment
        if let tokenFile = environment.setting("AWS_WEB_IDENTITY_TOKEN_FILE"), let roleARN = environment.setting("AWS_ROLE_ARN") {
            configuration = (roleARN, tokenFile, environment.setting("AWS_ROLE_SESSION_NAME"), nil)
        } else {
            configuration = nil
        }
        name = "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)"
    }

    /// From a profile's settings.
    init(context: CredentialContext, roleARN: String, tokenFile: String, sessionName: String?, profile: Profile) {
        self.context = context
        self.configuration = (roleARN, tokenFile, sessionName, profile)
        self.name = "web identity (profile '\(profile.name)')"
    }

    public func credentials() async throws -> AWSCredentials? {
        guard let configuration else { return nil }
        guard let data = FileManager.default.contents(atPath: configuration.tokenFile) else {
            throw CredentialError.unreadableFile(configuration.tokenFile, purpose: "web identity token")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CredentialError.invalidConfiguration("the web identity token file \(configuration.tokenFile) is empty")
        }
        let sts = try context.stsClient(credentials: nil, profile: configuration.profile)
        let request = AssumeRoleWithWebIdentityRequest(
            roleARN: configuration.roleARN,
            sessionName: configuration.sessionName ?? context.generatedSessionName(),
            webIdentityToken: token
        )
        return try await sts.assumeRoleWithWebIdentity(request).credentials
    }
}
