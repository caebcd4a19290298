import Logging

/// One debug line per attempt: service, operation, attempt, status, latency, request ID and
/// error code. Never headers (the Authorization header), bodies or credentials.
extension AWSServiceClient {
    func metadata(_ operation: String, attempt: Int) -> Logger.Metadata {
        [
            "aws.service": "\(service.serviceID)",
            "aws.operation": "\(operation)",
            "aws.attempt": "\(attempt)",
        ]
    }

    func log(_ operation: String, attempt: Int, latency: Duration, response: HTTPResponse, error: AWSError?) {
        var fields = metadata(operation, attempt: attempt)
        fields["http.status"] = "\(response.status)"
        fields["aws.latency_ms"] = "\(latency.milliseconds)"
        if let requestID = error?.requestID ?? response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"] {
            fields["aws.request_id"] = "\(requestID)"
        }
        if let error {
            fields["aws.error_code"] = "\(error.code)"
        }
        logger.debug("AWS call", metadata: fields)
    }

    func log(_ operation: String, attempt: Int, latency: Duration, transportError: HTTPTransportError) {
        var fields = metadata(operation, attempt: attempt)
        fields["aws.latency_ms"] = "\(latency.milliseconds)"
        fields["error"] = "\(transportError)"
        logger.debug("AWS call failed without a response", metadata: fields)
    }
}
