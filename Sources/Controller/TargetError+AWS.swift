import AWSClient
import CapacityCore
import Foundation

extension TargetError {
    /// Classifies what an AWS call about `target` threw:
    /// - throttling codes (after the client's retries) → ``throttled(_:)``;
    /// - HTTP 403 and the authorisation and credential-signature codes → ``accessDenied(_:)``;
    /// - `ClusterNotFoundException`, `ServiceNotFoundException`, `ResourceNotFoundException`,
    ///   and validation errors whose message says the resource does not exist (how EC2 Auto
    ///   Scaling and Application Auto Scaling report an unknown group or service) → ``notFound(_:)``;
    /// - other validation errors and inputs the client refused to send → ``invalid(_:)``;
    /// - anything else (5xx, no connection, an unreadable answer, no credentials) → ``unavailable(_:)``.
    ///
    /// The message is one line: the target, what was being done, and the error.
    public init(_ error: any Error, target: TargetReference, while context: String? = nil) {
        let prefix = "\(target): " + (context.map { "\($0): " } ?? "")
        switch error {
        case let error as TargetError:
            self = error
        case let error as AWSError:
            self = Self.classify(error, prefix: prefix)
        case let error as AWSClientError where error.code == .invalidRequest:
            self = .invalid(prefix + error.message)
        case let error as CredentialError:
            self = .accessDenied(prefix + "no usable AWS credentials: \(error)")
        case is CancellationError:
            self = .unavailable(prefix + "cancelled")
        default:
            self = .unavailable(prefix + "\(error)")
        }
    }

    private static func classify(_ error: AWSError, prefix: String) -> TargetError {
        if error.isThrottling {
            return .throttled(prefix + "throttled even after retries: \(error)")
        }
        if error.status == 403 || accessDeniedCodes.contains(error.code) {
            return .accessDenied(prefix + "access denied: \(error)")
        }
        if notFoundCodes.contains(error.code) || (validationCodes.contains(error.code) && saysNotFound(error.message)) {
            return .notFound(prefix + "not found: \(error)")
        }
        if validationCodes.contains(error.code) {
            return .invalid(prefix + "rejected as invalid: \(error)")
        }
        return .unavailable(prefix + "\(error)")
    }

    /// How AWS says "this identity may not do that" or "these credentials are not valid".
    static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException",
        "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidSignatureException",
        "MissingAuthenticationToken", "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException",
        "AuthFailure", "IncompleteSignature",
    ]

    static let notFoundCodes: Set<String> = [
        "ClusterNotFoundException", "ServiceNotFoundException", "ResourceNotFoundException", "ObjectNotFoundException",
    ]

    static let validationCodes: Set<String> = [
        "ValidationError", "ValidationException", "InvalidParameterException", "InvalidParameterValue",
        "InvalidParameterCombination", "ClientException",
    ]

    /// EC2 Auto Scaling: "AutoScalingGroup name not found - …"; Application Auto Scaling:
    /// "ECS service doesn't exist: service/…"; ECS ClientException: "… does not exist".
    private static func saysNotFound(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return lowered.contains("not found") || lowered.contains("doesn't exist") || lowered.contains("does not exist")
    }
}
