/// The AWS credentials a request is signed with.
///
/// The secret access key and the session token never appear in `description`, `debugDescription`
/// or a `dump`: printing a value of this type is safe in logs.
public struct SigningCredentials: Sendable, Hashable {
    /// The access key ID (`AKIA…` or `ASIA…`); it names the key and is not secret.
    public var accessKeyID: String
    /// The secret access key; only its HMAC-derived signing keys leave this value.
    public var secretAccessKey: String
    /// The session token of temporary (STS) credentials, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Creates credentials.
    /// - Parameters:
    ///   - accessKeyID: The access key ID.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: The session token of temporary credentials, if any.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

extension SigningCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private static let redacted = "<redacted>"

    /// The access key ID with the secret and token redacted.
    public var description: String {
        let token = sessionToken == nil ? "nil" : Self.redacted
        return "SigningCredentials(accessKeyID: \(accessKeyID), secretAccessKey: \(Self.redacted), sessionToken: \(token))"
    }

    /// Same as ``description``: the debug form must not reveal secrets either.
    public var debugDescription: String { description }

    /// A mirror without the secret, so `dump` and reflection-based loggers cannot reveal it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID,
                "secretAccessKey": Self.redacted,
                "sessionToken": sessionToken == nil ? "nil" : Self.redacted,
            ],
            displayStyle: .struct
        )
    }
}
