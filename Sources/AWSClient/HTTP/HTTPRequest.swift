import Foundation

/// An HTTP request as the transport sends it: already signed, nothing left to decide.
public struct HTTPRequest: Sendable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The absolute URL, including any query string.
    public var url: URL
    /// The header fields to send. The transport may add its own unsigned fields
    /// (`User-Agent`, `Content-Length`, `Accept-Encoding`).
    public var headers: HTTPHeaders
    /// The request body; empty for none.
    public var body: Data
    /// Overrides the transport's timeouts for this request only (e.g. the instance
    /// metadata service, which must fail fast when it is not there).
    public var timeouts: HTTPTimeouts?

    /// Creates a request.
    public init(
        method: String,
        url: URL,
        headers: HTTPHeaders = HTTPHeaders(),
        body: Data = Data(),
        timeouts: HTTPTimeouts? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }
}
