import Foundation

/// Credentials from the ECS (or EKS Pod Identity) container credentials endpoint.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is fetched from `http://169.254.170.2`;
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` is used as given if it is https or its host is a
/// loopback address or an ECS/EKS credentials address. The `Authorization` header comes
/// from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every fetch) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialSource: CredentialSource {
    /// The ECS task metadata host that relative URIs are resolved against.
    public static let defaultRelativeHost = URL(string: "http://169.254.170.2")!

    /// Hosts allowed over plain http besides loopback: the ECS and EKS credential addresses.
    static let allowedPlainHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"]

    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let relativeHost: URL
    private let timeouts = HTTPTimeouts(connect: .seconds(2), request: .seconds(5))

    /// Creates a source.
    /// - Parameter relativeHost: Where relative URIs go; only tests change it.
    public init(environment: [String: String], transport: any HTTPTransport, relativeHost: URL = Self.defaultRelativeHost) {
        self.environment = environment
        self.transport = transport
        self.relativeHost = relativeHost
    }

    public var name: String { "container credentials endpoint" }

    public func credentials() async throws -> AWSCredentials? {
        guard let url = try endpointURL() else { return nil }
        var headers = HTTPHeaders()
        if let token = try authorizationToken() {
            headers.add(name: "Authorization", value: token)
        }
        let response: HTTPResponse
        do {
            response = try await transport.send(HTTPRequest(method: "GET", url: url, headers: headers, timeouts: timeouts))
        } catch let error as HTTPTransportError {
            throw CredentialError.fetchFailed(source: name, detail: "\(error)")
        }
        guard response.isSuccess else {
            throw CredentialError.fetchFailed(source: name, detail: "HTTP \(response.status) from \(Self.printable(url))")
        }
        return try CredentialDocument.credentials(from: response.body, source: name)
    }

    private func endpointURL() throws -> URL? {
        if let relative = environment.setting("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let url = URL(string: relativeHost.absoluteString.trimmingSuffix("/") + path) else {
                throw CredentialError.invalidConfiguration("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI '\(relative)' is not a URI path")
            }
            return url
        }
        guard let full = environment.setting("AWS_CONTAINER_CREDENTIALS_FULL_URI") else { return nil }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw CredentialError.endpointRejected(full, reason: "not an absolute URL")
        }
        if scheme == "https" { return url }
        guard scheme == "http" else { throw CredentialError.endpointRejected(full, reason: "only http and https are allowed") }
        guard Self.isLoopback(host) || Self.allowedPlainHosts.contains(host.lowercased()) else {
            throw CredentialError.endpointRejected(
                Self.printable(url), reason: "plain http is allowed only to loopback and the ECS/EKS credential addresses"
            )
        }
        return url
    }

    private func authorizationToken() throws -> String? {
        var token: String?
        if let path = environment.setting("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialError.unreadableFile(path, purpose: "container authorization token")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = environment.setting("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw CredentialError.invalidConfiguration("the container authorization token contains a line break")
        }
        return token.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if lowered == "localhost" || lowered == "::1" { return true }
        let octets = lowered.split(separator: ".")
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Scheme, host, port and path only: a full URI's query could carry a token.
    private static func printable(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.user = nil
        components?.password = nil
        return components?.string ?? "<unprintable URL>"
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
