/// Sends one HTTP request and returns the whole response.
///
/// The seam between the AWS client and the network: production uses
/// ``URLSessionTransport``; tests point the same transport at loopback servers.
/// A transport does not retry, sign or interpret status codes; it throws
/// ``HTTPTransportError`` when no response was received and `CancellationError`
/// when the calling task was cancelled.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
