import Foundation

/// Where requests for one service in one region go, and why.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    /// The base URL; requests go to its path (normally `/`).
    public let url: URL
    /// Where the URL came from, e.g. `AWS_ENDPOINT_URL_ECS` or `default`.
    public let source: String

    /// Creates an endpoint.
    public init(url: URL, source: String) {
        self.url = url
        self.source = source
    }

    public var description: String { "\(url.absoluteString) (\(source))" }

    /// Resolves the endpoint the way the AWS SDKs do: `AWS_ENDPOINT_URL_<SERVICE>`, then
    /// `AWS_ENDPOINT_URL`, then the profile's `endpoint_url`, then
    /// `https://<prefix>.<region>.<dns suffix>`. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
    /// (or `ignore_configured_endpoint_urls = true` in the profile) skips the overrides.
    /// - Throws: ``AWSClientError`` when an override is not an absolute http(s) URL.
    public static func resolve(
        service: AWSService,
        region: Region,
        environment: [String: String],
        profile: Profile? = nil
    ) throws -> Endpoint {
        let ignoreOverrides =
            environment.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            || profile?["ignore_configured_endpoint_urls"]?.lowercased() == "true"
        if !ignoreOverrides {
            let overrides: [(source: String, value: String?)] = [
                (service.endpointEnvironmentVariable, environment.setting(service.endpointEnvironmentVariable)),
                ("AWS_ENDPOINT_URL", environment.setting("AWS_ENDPOINT_URL")),
                ("endpoint_url of profile '\(profile?.name ?? "")'", profile?["endpoint_url"]),
            ]
            for override in overrides {
                guard let value = override.value else { continue }
                return Endpoint(url: try parse(value, source: override.source), source: override.source)
            }
        }
        return defaultEndpoint(service: service, region: region)
    }

    /// `https://<prefix>.<region>.<dns suffix>`; region names are validated, so the URL is too.
    static func defaultEndpoint(service: AWSService, region: Region) -> Endpoint {
        let host = "\(service.endpointPrefix).\(region.name).\(region.dnsSuffix)"
        return Endpoint(url: URL(string: "https://\(host)")!, source: "default")
    }

    static func parse(_ value: String, source: String) throws -> URL {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw AWSClientError.invalidEndpoint(value, source: source)
        }
        return url
    }
}
