import AWSClient
import Foundation

/// Calls the Prometheus HTTP API: instant queries (`GET /api/v1/query`) and range queries
/// (`GET /api/v1/query_range`). Works with anything that speaks that API (Prometheus,
/// Thanos, Mimir, VictoriaMetrics, Amazon Managed Prometheus behind a signing proxy).
///
/// Answers are size-limited (``maxResponseBytes``) and never followed through redirects.
/// Extra ``headers`` (e.g. `Authorization: Bearer …`) are sent with every request and never
/// appear in errors.
public struct PrometheusClient: Sendable {
    /// The server's base URL, e.g. `http://prometheus:9090` or `https://host/prometheus`;
    /// `api/v1/…` is appended to its path.
    public let baseURL: URL
    /// Headers sent with every request.
    public let headers: HTTPHeaders
    /// The largest answer accepted, in bytes.
    public let maxResponseBytes: Int
    /// Deadlines per request.
    public let timeouts: HTTPTimeouts
    let transport: any HTTPTransport
    /// The base URL as errors show it: without user, password, query or fragment.
    let displayURL: String

    /// The default answer limit: 8 MiB, far above one series of 11,000 points (~300 KB).
    public static let defaultMaxResponseBytes = 8 * 1024 * 1024

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: An absolute http or https URL.
    ///   - transport: How requests are sent; a ``URLSessionTransport`` limited to `maxResponseBytes` if `nil`.
    ///   - headers: Sent with every request (authentication, tenant IDs).
    ///   - maxResponseBytes: Larger answers fail with ``PrometheusError/Code-swift.struct/responseTooLarge``.
    ///   - timeouts: Deadlines per request (default: connect 5 s, whole request 30 s).
    /// - Throws: ``PrometheusError`` (`invalidRequest`) when `baseURL` is not an absolute http(s) URL.
    public init(
        baseURL: URL,
        transport: (any HTTPTransport)? = nil,
        headers: HTTPHeaders = HTTPHeaders(),
        maxResponseBytes: Int = PrometheusClient.defaultMaxResponseBytes,
        timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(5), request: .seconds(30))
    ) throws {
        guard let scheme = baseURL.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = baseURL.host, !host.isEmpty
        else {
            throw PrometheusError(.invalidRequest, "Prometheus URL '\(baseURL.absoluteString)' is not an absolute http or https URL")
        }
        self.baseURL = baseURL
        var shown = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)
        shown?.user = nil
        shown?.password = nil
        shown?.query = nil
        shown?.fragment = nil
        self.displayURL = (shown?.string ?? "\(scheme)://\(host)").trimmingTrailingSlash
        self.headers = headers
        self.maxResponseBytes = max(1024, maxResponseBytes)
        self.timeouts = timeouts
        self.transport =
            transport
            ?? URLSessionTransport(configuration: URLSessionTransportConfiguration(timeouts: timeouts, maxResponseBodySize: self.maxResponseBytes))
    }

    /// Evaluates `expression` at `time` (`/api/v1/query`).
    /// - Throws: ``PrometheusError``; `CancellationError` when the task is cancelled.
    public func query(_ expression: String, at time: Date) async throws -> PrometheusResult {
        try await call("api/v1/query", expression: expression, parameters: [("time", Self.format(seconds: time.timeIntervalSince1970))])
    }

    /// Evaluates `expression` at `start`, `start + step`, … up to `end` (`/api/v1/query_range`).
    /// Prometheus refuses more than 11,000 points per series; ``PrometheusMetricSource`` splits
    /// longer ranges.
    /// - Throws: ``PrometheusError``; `CancellationError` when the task is cancelled.
    public func queryRange(_ expression: String, start: Date, end: Date, step: Duration) async throws -> [PrometheusSeries] {
        let stepSeconds = Double(step.components.seconds) + Double(step.components.attoseconds) / 1e18
        guard stepSeconds > 0, start <= end else {
            throw PrometheusError(.invalidRequest, "Prometheus range query `\(expression)`: needs start ≤ end and a positive step")
        }
        let result = try await call(
            "api/v1/query_range", expression: expression,
            parameters: [
                ("start", Self.format(seconds: start.timeIntervalSince1970)),
                ("end", Self.format(seconds: end.timeIntervalSince1970)),
                ("step", Self.format(seconds: stepSeconds)),
            ]
        )
        guard case .matrix(let series) = result else {
            throw PrometheusError(
                .malformedResponse, "Prometheus range query `\(expression)` answered a \(result.resultType), not a matrix")
        }
        return series
    }

    private func call(_ path: String, expression: String, parameters: [(String, String)]) async throws -> PrometheusResult {
        let url = endpoint(path, query: [("query", expression)] + parameters)
        let endpointName = "\(displayURL)/\(path)"
        var requestHeaders = headers
        requestHeaders.replaceOrAdd(name: "Accept", value: "application/json")
        let request = HTTPRequest(method: "GET", url: url, headers: requestHeaders, timeouts: timeouts)
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as HTTPTransportError {
            if error.code == .responseTooLarge {
                throw PrometheusError(.responseTooLarge, "\(endpointName) answered more than \(maxResponseBytes) bytes for `\(expression)`")
            }
            throw PrometheusError(.unreachable, "\(endpointName) for `\(expression)`: \(error.code): \(error.detail)")
        }
        guard response.body.count <= maxResponseBytes else {
            throw PrometheusError(
                .responseTooLarge, status: response.status,
                "\(endpointName) answered \(response.body.count) bytes for `\(expression)`; the limit is \(maxResponseBytes)")
        }
        let decoded = Result { try JSONDecoder().decode(PrometheusResponse.self, from: response.body) }
        guard response.isSuccess else {
            if case .success(let body) = decoded, body.status == "error" {
                throw PrometheusError(
                    .rejected, status: response.status, errorType: body.errorType,
                    "\(endpointName) rejected `\(expression)` (HTTP \(response.status) \(body.errorType ?? "error")): \(body.error ?? "no message")")
            }
            throw PrometheusError(
                .rejected, status: response.status,
                "\(endpointName) answered HTTP \(response.status) for `\(expression)`: \(Self.excerpt(response.body))")
        }
        switch decoded {
        case .failure(let error):
            throw PrometheusError(
                .malformedResponse, status: response.status,
                "\(endpointName) answered something that is not a Prometheus API response for `\(expression)`: \(Self.describe(error))")
        case .success(let body):
            guard body.status == "success", let data = body.data else {
                throw PrometheusError(
                    .rejected, status: response.status, errorType: body.errorType,
                    "\(endpointName) answered status '\(body.status)' for `\(expression)`: \(body.error ?? "no data")")
            }
            return data.result
        }
    }

    /// `<base>/<path>?k=v&…` with every value percent-encoded (including `+`, which Go would read as a space).
    func endpoint(_ path: String, query: [(String, String)]) -> URL {
        let base = baseURL.absoluteString.trimmingTrailingSlash
        let queryText = query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        // The base URL was validated; an encoded query keeps the whole string valid.
        return URL(string: "\(base)/\(path)?\(queryText)")!
    }

    /// Percent-encodes all but RFC 3986's unreserved characters.
    static func percentEncode(_ text: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    /// Seconds since 1970 with at most millisecond precision: `1767571200` or `1767571200.5`.
    static func format(seconds: Double) -> String {
        let milliseconds = Int64((seconds * 1000).rounded())
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    private static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "empty body" : text
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

extension String {
    fileprivate var trimmingTrailingSlash: String {
        var text = self
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
