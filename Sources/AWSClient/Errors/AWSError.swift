/// An AWS service answered with an error: its HTTP status, the AWS error code, the message
/// and the request ID to quote to AWS support.
///
/// Compare ``code`` with the codes the service documents, e.g.
/// `error.code == "ThrottlingException"`. The description never contains credentials: the
/// client removes any secret of the signing credentials from the message before it
/// builds the error.
public struct AWSError: Error, Hashable, CustomStringConvertible {
    /// The service ID, e.g. `ECS`.
    public let service: String
    /// The operation, e.g. `UpdateService`.
    public let operation: String
    /// The HTTP status code.
    public let status: Int
    /// The AWS error code, e.g. `ThrottlingException`, `SignatureDoesNotMatch`,
    /// `ValidationError`; `Unknown` when the response carried none.
    public let code: String
    /// The service's message; may be empty.
    public let message: String
    /// The AWS request ID, when the response had one.
    public let requestID: String?

    /// Creates an error.
    public init(service: String, operation: String, status: Int, code: String, message: String, requestID: String?) {
        self.service = service
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    public var description: String {
        var text = "\(service) \(operation) failed with HTTP \(status) \(code)"
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " (request ID \(requestID))" }
        return text
    }

    /// Whether the service throttled the call (a code of the SDKs' throttling list, or HTTP 429).
    public var isThrottling: Bool {
        status == 429 || Self.throttlingCodes.contains(code)
    }

    /// Whether the failure is transient on the server side: HTTP 5xx or a request-timeout code.
    public var isTransient: Bool {
        status >= 500 || Self.transientCodes.contains(code)
    }

    /// Whether the code says the request's signing time was off (clock skew).
    public var isClockSkewError: Bool {
        Self.clockSkewCodes.contains(code)
    }

    /// The throttling codes of the AWS SDKs' standard retry mode.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]

    /// Codes that mean the server timed out handling the request.
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException"]

    /// Codes with which services reject temporary credentials that are no longer valid.
    public static let expiredCredentialCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException"]

    /// Codes with which services reject a request signed at the wrong time.
    public static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        "SignatureDoesNotMatch", "AuthFailure",
    ]
}
