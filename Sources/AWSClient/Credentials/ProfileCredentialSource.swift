import Foundation

/// Credentials of the selected profile of the shared `config`/`credentials` files.
///
/// A profile either holds keys (`aws_access_key_id`, `aws_secret_access_key`,
/// `aws_session_token`) or names a role (`role_arn`) to assume with credentials from
/// `source_profile` (itself resolved the same way), from `credential_source`
/// (`Environment`, `EcsContainer`, `Ec2InstanceMetadata`), or from a
/// `web_identity_token_file`. `role_session_name`, `external_id` and `duration_seconds`
/// are honoured; `mfa_serial` is refused because a daemon cannot prompt for a code.
public struct ProfileCredentialSource: CredentialSource {
    private let context: CredentialContext
    private let profileName: String
    private let explicitlySelected: Bool

    init(context: CredentialContext) {
        self.context = context
        self.profileName = SharedConfiguration.selectedProfileName(environment: context.environment)
        self.explicitlySelected =
            context.environment.setting("AWS_PROFILE") != nil || context.environment.setting("AWS_DEFAULT_PROFILE") != nil
    }

    public var name: String { "profile '\(profileName)'" }

    public func credentials() async throws -> AWSCredentials? {
        guard context.shared.hasProfile(named: profileName) else {
            if explicitlySelected {
                throw CredentialError.invalidConfiguration(
                    "profile '\(profileName)' (from AWS_PROFILE) is in neither \(context.shared.configFilePath ?? "the config file") nor \(context.shared.credentialsFilePath ?? "the credentials file")"
                )
            }
            return nil
        }
        return try await resolve(profileName, visited: [])
    }

    /// Credentials of `name`; `visited` holds the profiles that led here, to catch cycles.
    private func resolve(_ name: String, visited: [String]) async throws -> AWSCredentials? {
        let isSelected = visited.isEmpty
        guard let profile = context.shared.profile(named: name) else {
            throw CredentialError.invalidConfiguration(
                "source_profile '\(name)' of profile '\(visited.last ?? "")' does not exist"
            )
        }
        let staticKeys = try Self.staticCredentials(of: profile)
        // A source profile with keys provides those keys even if it also names a role;
        // the selected profile's role always wins.
        if let roleARN = profile["role_arn"], isSelected || staticKeys == nil {
            guard !visited.contains(name) else {
                throw CredentialError.invalidConfiguration(
                    "profiles form a source_profile cycle: \((visited + [name]).joined(separator: " -> "))"
                )
            }
            return try await assumeRole(roleARN, of: profile, visited: visited + [name], staticKeys: staticKeys)
        }
        if let staticKeys { return staticKeys }
        if isSelected { return nil }
        throw CredentialError.invalidConfiguration(
            "source_profile '\(name)' has neither keys nor a role_arn"
        )
    }

    private func assumeRole(_ roleARN: String, of profile: Profile, visited: [String], staticKeys: AWSCredentials?)
        async throws -> AWSCredentials
    {
        if profile["mfa_serial"] != nil {
            throw CredentialError.invalidConfiguration(
                "profile '\(profile.name)' needs an MFA code (mfa_serial), which a non-interactive client cannot supply"
            )
        }
        if let tokenFile = profile["web_identity_token_file"] {
            let source = WebIdentityCredentialSource(
                context: context, roleARN: roleARN, tokenFile: tokenFile,
                sessionName: profile["role_session_name"], profile: profile
            )
            guard let credentials = try await source.credentials() else {
                throw CredentialError.fetchFailed(source: source.name, detail: "no credentials")
            }
            return credentials
        }
        let base = try await baseCredentials(of: profile, visited: visited, staticKeys: staticKeys)
        var durationSeconds: Int?
        if let text = profile["duration_seconds"] {
            guard let value = Int(text), value > 0 else {
                throw CredentialError.invalidConfiguration("duration_seconds '\(text)' of profile '\(profile.name)' is not a positive integer")
            }
            durationSeconds = value
        }
        let request = AssumeRoleRequest(
            roleARN: roleARN,
            sessionName: profile["role_session_name"] ?? context.generatedSessionName(),
            externalID: profile["external_id"],
            durationSeconds: durationSeconds
        )
        return try await context.stsClient(credentials: base, profile: profile).assumeRole(request).credentials
    }

    /// The credentials that sign the AssumeRole call of `profile`.
    private func baseCredentials(of profile: Profile, visited: [String], staticKeys: AWSCredentials?) async throws
        -> AWSCredentials
    {
        switch (profile["source_profile"], profile["credential_source"]) {
        case (let source?, nil):
            if source == profile.name, let staticKeys {
                return staticKeys
            }
            guard let credentials = try await resolve(source, visited: visited) else {
                throw CredentialError.invalidConfiguration("source_profile '\(source)' has no credentials")
            }
            return credentials
        case (nil, let source?):
            return try await credentials(fromNamedSource: source, profile: profile)
        case (nil, nil):
            throw CredentialError.invalidConfiguration(
                "profile '\(profile.name)' has role_arn but no source_profile, credential_source or web_identity_token_file"
            )
        case (_?, _?):
            throw CredentialError.invalidConfiguration(
                "profile '\(profile.name)' sets both source_profile and credential_source; choose one"
            )
        }
    }

    private func credentials(fromNamedSource sourceName: String, profile: Profile) async throws -> AWSCredentials {
        let source: any CredentialSource
        switch sourceName {
        case "Environment":
            source = EnvironmentCredentialSource(environment: context.environment)
        case "EcsContainer":
            source = ContainerCredentialSource(environment: context.environment, transport: context.transport)
        case "Ec2InstanceMetadata":
            source = IMDSCredentialSource(environment: context.environment, transport: context.transport)
        default:
            throw CredentialError.invalidConfiguration(
                "credential_source '\(sourceName)' of profile '\(profile.name)' is not Environment, EcsContainer or Ec2InstanceMetadata"
            )
        }
        guard let credentials = try await source.credentials() else {
            throw CredentialError.invalidConfiguration(
                "credential_source '\(sourceName)' of profile '\(profile.name)' provided no credentials"
            )
        }
        return credentials
    }

    private static func staticCredentials(of profile: Profile) throws -> AWSCredentials? {
        switch (profile["aws_access_key_id"], profile["aws_secret_access_key"]) {
        case (nil, nil):
            return nil
        case (let keyID?, let secret?):
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
        default:
            throw CredentialError.invalidConfiguration(
                "profile '\(profile.name)' sets only one of aws_access_key_id and aws_secret_access_key"
            )
        }
    }
}
