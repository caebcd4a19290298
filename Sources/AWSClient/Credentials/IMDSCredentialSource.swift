import Foundation

/// Credentials of the instance profile from the EC2 instance metadata service, IMDSv2
/// only: `PUT /latest/api/token`, then the role name, then the role's credentials.
///
/// Skipped when `AWS_EC2_METADATA_DISABLED=true`. The endpoint is
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, or `http://[fd00:ec2::254]` when
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, else `http://169.254.169.254`. Last in the
/// default chain: when the service cannot be reached (not on EC2) it returns `nil` quickly.
public struct IMDSCredentialSource: CredentialSource {
    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let timeouts = HTTPTimeouts(connect: .seconds(1), request: .seconds(3))
    static let tokenTTLSeconds = 21_600

    /// Creates a source.
    public init(environment: [String: String], transport: any HTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    public var name: String { "EC2 instance metadata" }

    /// The metadata service base URL this source uses.
    /// - Throws: ``CredentialError`` when `AWS_EC2_METADATA_SERVICE_ENDPOINT` is not an http(s) URL.
    public func endpoint() throws -> String {
        if let configured = environment.setting("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            guard let url = URL(string: configured), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw CredentialError.invalidConfiguration(
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT '\(configured)' is not an http or https URL"
                )
            }
            return configured.trimmingSuffix("/")
        }
        if environment.setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?.lowercased() == "ipv6" {
            return "http://[fd00:ec2::254]"
        }
        return "http://169.254.169.254"
    }

    public func credentials() async throws -> AWSCredentials? {
        if environment.flag("AWS_EC2_METADATA_DISABLED") { return nil }
        let tokenHeaders: HTTPHeaders = ["x-aws-ec2-metadata-token-ttl-seconds": "\(Self.tokenTTLSeconds)"]
        guard let tokenResponse = try await reach("PUT", "/latest/api/token", headers: tokenHeaders) else {
            return nil
        }
        guard tokenResponse.isSuccess else {
            throw CredentialError.fetchFailed(source: name, detail: "token request returned HTTP \(tokenResponse.status)")
        }
        let token = String(decoding: tokenResponse.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let authorized: HTTPHeaders = ["x-aws-ec2-metadata-token": token]

        let roleResponse = try await fetch("/latest/meta-data/iam/security-credentials/", headers: authorized)
        if roleResponse.status == 404 {
            // The instance has no instance profile: no credentials here, not an error.
            return nil
        }
        guard roleResponse.isSuccess else {
            throw CredentialError.fetchFailed(source: name, detail: "role lookup returned HTTP \(roleResponse.status)")
        }
        let roleNames = String(decoding: roleResponse.body, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard let role = roleNames.first.map({ $0.trimmingCharacters(in: .whitespaces) }), !role.isEmpty,
            let escapedRole = role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
        else {
            return nil
        }
        let credentialsResponse = try await fetch("/latest/meta-data/iam/security-credentials/\(escapedRole)", headers: authorized)
        guard credentialsResponse.isSuccess else {
            throw CredentialError.fetchFailed(
                source: name, detail: "credentials of role '\(role)' returned HTTP \(credentialsResponse.status)"
            )
        }
        return try CredentialDocument.credentials(from: credentialsResponse.body, source: "\(name) (role '\(role)')")
    }

    /// The first request: a transport failure means there is no metadata service here.
    private func reach(_ method: String, _ path: String, headers: HTTPHeaders) async throws -> HTTPResponse? {
        do {
            let request = HTTPRequest(method: method, url: try url(path), headers: headers, timeouts: timeouts)
            return try await transport.send(request)
        } catch is HTTPTransportError {
            return nil
        }
    }

    private func fetch(_ path: String, headers: HTTPHeaders) async throws -> HTTPResponse {
        do {
            let request = HTTPRequest(method: "GET", url: try url(path), headers: headers, timeouts: timeouts)
            return try await transport.send(request)
        } catch let error as HTTPTransportError {
            throw CredentialError.fetchFailed(source: name, detail: "\(error)")
        }
    }

    private func url(_ path: String) throws -> URL {
        let base = try endpoint()
        guard let url = URL(string: base + path) else {
            throw CredentialError.invalidConfiguration("cannot form a metadata URL from \(base) and \(path)")
        }
        return url
    }
}
