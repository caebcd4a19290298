/// The transport could not complete an HTTP exchange: no usable response exists.
///
/// Compare ``code`` against the static codes (`error.code == .timedOut`) to decide
/// what to do; the description names the endpoint and what went wrong.
public struct HTTPTransportError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case timedOut
            case connectionFailed
            case responseTooLarge
            case invalidResponse
            case invalidRequest
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A connect or request deadline passed before the response was complete.
        public static let timedOut = Code(.timedOut)
        /// The connection could not be made, or broke before a complete response.
        public static let connectionFailed = Code(.connectionFailed)
        /// The response body was larger than the transport's limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// Something that is not an HTTP response came back.
        public static let invalidResponse = Code(.invalidResponse)
        /// The request itself cannot be sent (e.g. an unsupported URL); retrying will not help.
        public static let invalidRequest = Code(.invalidRequest)

        public var description: String {
            switch kind {
            case .timedOut: "timed out"
            case .connectionFailed: "connection failed"
            case .responseTooLarge: "response too large"
            case .invalidResponse: "invalid response"
            case .invalidRequest: "invalid request"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// Method, scheme, host, port and path of the request (never its query or headers).
    public let target: String
    /// A human explanation of the failure.
    public let detail: String

    /// Creates an error for `target`.
    public init(code: Code, target: String, detail: String) {
        self.code = code
        self.target = target
        self.detail = detail
    }

    public var description: String {
        "HTTP \(code) for \(target): \(detail)"
    }
}
