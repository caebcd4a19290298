import Foundation

/// The JSON document the ECS container endpoint and the EC2 instance metadata service
/// return: `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration` (and, from IMDS, `Code`).
struct CredentialDocument: Decodable {
    var code: String?
    var accessKeyID: String?
    var secretAccessKey: String?
    var token: String?
    var expiration: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case accessKeyID = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
        case message = "Message"
    }

    /// Decodes `body` into credentials, or explains (without secrets) why it cannot.
    static func credentials(from body: Data, source: String) throws -> AWSCredentials {
        let document: CredentialDocument
        do {
            document = try JSONDecoder().decode(CredentialDocument.self, from: body)
        } catch {
            throw CredentialError.malformed(source: source, detail: "the response is not a credentials JSON document")
        }
        if let code = document.code, code != "Success" {
            throw CredentialError.fetchFailed(source: source, detail: "code \(code): \(document.message ?? "")")
        }
        guard let keyID = document.accessKeyID, !keyID.isEmpty, let secret = document.secretAccessKey, !secret.isEmpty
        else {
            throw CredentialError.malformed(source: source, detail: "AccessKeyId or SecretAccessKey missing")
        }
        var expiration: Date?
        if let text = document.expiration {
            guard let parsed = ISO8601Timestamp.parse(text) else {
                throw CredentialError.malformed(source: source, detail: "Expiration '\(text)' is not an ISO 8601 time")
            }
            expiration = parsed
        }
        let token = document.token.flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}
