import Foundation
import SigV4

/// AWS credentials with the time they stop working, if they are temporary.
///
/// The secret access key and the session token never appear in `description`,
/// `debugDescription` or a `dump`.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key ID (`AKIA…` long-term, `ASIA…` temporary); not secret.
    public var accessKeyID: String
    /// The secret access key.
    public var secretAccessKey: String
    /// The session token of temporary credentials.
    public var sessionToken: String?
    /// When temporary credentials expire; `nil` for long-term keys.
    public var expiration: Date?

    /// Creates credentials.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// The credentials in the signer's form.
    public var signing: SigningCredentials {
        SigningCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    /// The values that must never reach a log line or an error message, raw and
    /// percent-encoded (the form a token takes inside a canonical request or a URL).
    var secrets: [String] {
        var values = [secretAccessKey, URIEncoding.encode(secretAccessKey)]
        if let sessionToken {
            values += [sessionToken, URIEncoding.encode(sessionToken)]
        }
        return values.filter { $0.count >= 8 }
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private static let redacted = "<redacted>"

    /// The access key ID and expiration; the secret and token are redacted.
    public var description: String {
        let token = sessionToken == nil ? "nil" : Self.redacted
        let expiry = expiration.map { $0.formatted(.iso8601) } ?? "never"
        return "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: \(Self.redacted), sessionToken: \(token), expiration: \(expiry))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": accessKeyID,
                "secretAccessKey": Self.redacted,
                "sessionToken": sessionToken == nil ? "nil" : Self.redacted,
                "expiration": expiration as Any,
            ],
            displayStyle: .struct
        )
    }
}
