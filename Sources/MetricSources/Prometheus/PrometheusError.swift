/// A Prometheus HTTP API call failed: no answer, an error answer, or an answer that is not
/// what the API promises. The message names the server path and the query.
public struct PrometheusError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case unreachable
            case rejected
            case malformedResponse
            case responseTooLarge
            case invalidRequest
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// No HTTP response: connection refused, timed out, reset.
        public static let unreachable = Code(.unreachable)
        /// Prometheus (or a proxy in front of it) answered with an error status.
        public static let rejected = Code(.rejected)
        /// A successful status with a body that is not a Prometheus API answer.
        public static let malformedResponse = Code(.malformedResponse)
        /// The answer was larger than the configured limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The request cannot be made (bad base URL, bad range).
        public static let invalidRequest = Code(.invalidRequest)

        public var description: String {
            switch kind {
            case .unreachable: "unreachable"
            case .rejected: "rejected"
            case .malformedResponse: "malformed response"
            case .responseTooLarge: "response too large"
            case .invalidRequest: "invalid request"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The HTTP status, when a response came back.
    public let status: Int?
    /// Prometheus's `errorType` (`bad_data`, `execution`, `timeout`, …), when it sent one.
    public let errorType: String?
    /// A human explanation naming the endpoint and the query.
    public let message: String

    init(_ code: Code, status: Int? = nil, errorType: String? = nil, _ message: String) {
        self.code = code
        self.status = status
        self.errorType = errorType
        self.message = message
    }

    public var description: String { message }
}
