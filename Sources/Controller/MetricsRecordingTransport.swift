import AWSClient
import Foundation

/// A transport that records every AWS request in the controller's metrics, as
/// `headroom_aws_calls_total{service,operation,outcome}` and
/// `headroom_aws_call_duration_seconds{service,operation}`, and passes it on unchanged.
///
/// Every attempt counts, retries included: each is a request AWS bills and throttles. The
/// outcome is `ok` for a 2xx answer, the error code AWS answered with (JSON `__type` or XML
/// `<Code>`), `http_<status>` when the answer names none, and `no_response` when none came.
public struct MetricsRecordingTransport: HTTPTransport {
    /// The transport that sends.
    public let base: any HTTPTransport
    private let metrics: ControllerMetrics

    public init(_ base: any HTTPTransport, metrics: ControllerMetrics) {
        self.base = base
        self.metrics = metrics
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let call = CountingTransport.call(of: request)
        let started = ContinuousClock.now
        let response: HTTPResponse
        do {
            response = try await base.send(request)
        } catch {
            let outcome = error is CancellationError ? "cancelled" : "no_response"
            metrics.awsCall(service: call.service, operation: call.operation, outcome: outcome, duration: ContinuousClock.now - started)
            throw error
        }
        metrics.awsCall(
            service: call.service, operation: call.operation, outcome: Self.outcome(of: response),
            duration: ContinuousClock.now - started)
        return response
    }

    /// `ok`, the error code of a failed answer, or `http_<status>`.
    static func outcome(of response: HTTPResponse) -> String {
        guard !response.isSuccess else { return "ok" }
        return errorCode(in: response.body) ?? "http_\(response.status)"
    }

    /// The code of an AWS error body: JSON `__type` (without its namespace) or XML `<Code>`.
    /// Only letters, digits, `.` and `_` are kept, so a label never carries arbitrary text.
    static func errorCode(in body: Data) -> String? {
        var code: String?
        if let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            code = (json["__type"] as? String ?? json["code"] as? String).map { String($0.split(separator: "#").last ?? "") }
        } else {
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            if let open = text.range(of: "<Code>"), let close = text.range(of: "</Code>", range: open.upperBound..<text.endIndex) {
                code = String(text[open.upperBound..<close.lowerBound])
            }
        }
        let kept = (code ?? "").filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_") }
        return kept.isEmpty ? nil : String(kept.prefix(64))
    }
}
