/// An HTTP request as the signer sees it: what goes on the request line, the headers and the body.
///
/// The `Host` header is one of ``headers``: whoever sends the request sets it, and it is signed
/// like any other header.
public struct SignableRequest: Sendable, Hashable {
    /// The request method, e.g. `POST`.
    public var method: String
    /// The path as on the request line; it may contain `%`-escapes, e.g. `/`.
    public var path: String
    /// The raw query string without the `?` (empty if there is none).
    public var query: String
    /// The header lines in the order they are sent; a name may repeat.
    public var headers: [HTTPHeaderField]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request.
    public init(method: String, path: String, query: String = "", headers: [HTTPHeaderField] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of every header called `name` (compared case-insensitively), in order.
    public func headerValues(named name: String) -> [String] {
        headers.filter { HeaderName.equalsIgnoringASCIICase($0.name, name) }.map(\.value)
    }

    /// The index of the first header called `name` (compared case-insensitively).
    func firstHeaderIndex(named name: String) -> Int? {
        headers.firstIndex { HeaderName.equalsIgnoringASCIICase($0.name, name) }
    }
}

extension SignableRequest: CustomStringConvertible {
    /// The method, path and header names; header values and the query may carry a session token
    /// or a signature, so they are left out.
    public var description: String {
        let names = headers.map(\.name).joined(separator: ", ")
        let queryNote = query.isEmpty ? "" : "?…"
        return "\(method) \(path)\(queryNote) [\(names)] (\(body.count)-byte body)"
    }
}
