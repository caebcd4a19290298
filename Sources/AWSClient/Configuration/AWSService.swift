import Foundation

/// What the client needs to know about an AWS service to call it: its names, its endpoint
/// and the wire protocol it speaks.
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The service ID of the AWS SDKs (e.g. `Application Auto Scaling`); it names the
    /// `AWS_ENDPOINT_URL_<SERVICE>` variable.
    public var serviceID: String
    /// The name in the SigV4 credential scope, e.g. `monitoring` for CloudWatch.
    public var signingName: String
    /// The first label of the default host name, `<prefix>.<region>.amazonaws.com`.
    public var endpointPrefix: String
    /// How requests and responses are encoded.
    public var wireProtocol: WireProtocol

    /// Describes a service.
    public init(serviceID: String, signingName: String, endpointPrefix: String, wireProtocol: WireProtocol) {
        self.serviceID = serviceID
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.wireProtocol = wireProtocol
    }

    public var description: String { serviceID }

    /// `AWS_ENDPOINT_URL_` plus the service ID upper-cased with spaces as underscores.
    public var endpointEnvironmentVariable: String {
        "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacingOccurrences(of: " ", with: "_")
    }
}

/// The encodings AWS services use on the wire. Every request is `POST /`.
public enum WireProtocol: Sendable, Hashable {
    /// `application/x-amz-json-<version>` bodies, the operation in
    /// `X-Amz-Target: <targetPrefix>.<Operation>`. `queryCompatible` services (CloudWatch)
    /// also get `x-amzn-query-mode: true` and report Query-style codes in `x-amzn-query-error`.
    case json(version: String, targetPrefix: String, queryCompatible: Bool = false)
    /// Form-encoded `Action=<Operation>&Version=<version>&…` bodies with XML responses.
    case query(version: String)
}

extension AWSService {
    /// Amazon ECS (JSON 1.1).
    public static let ecs = AWSService(
        serviceID: "ECS", signingName: "ecs", endpointPrefix: "ecs",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonEC2ContainerServiceV20141113")
    )
    /// Application Auto Scaling (JSON 1.1).
    public static let applicationAutoScaling = AWSService(
        serviceID: "Application Auto Scaling", signingName: "application-autoscaling",
        endpointPrefix: "application-autoscaling",
        wireProtocol: .json(version: "1.1", targetPrefix: "AnyScaleFrontendService")
    )
    /// Amazon EC2 Auto Scaling (Query, 2011-01-01).
    public static let autoScaling = AWSService(
        serviceID: "Auto Scaling", signingName: "autoscaling", endpointPrefix: "autoscaling",
        wireProtocol: .query(version: "2011-01-01")
    )
    /// Amazon CloudWatch (JSON 1.0 in query-compatible mode).
    public static let cloudWatch = AWSService(
        serviceID: "CloudWatch", signingName: "monitoring", endpointPrefix: "monitoring",
        wireProtocol: .json(version: "1.0", targetPrefix: "GraniteServiceVersion20100801", queryCompatible: true)
    )
    /// Amazon DynamoDB (JSON 1.0).
    public static let dynamoDB = AWSService(
        serviceID: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb",
        wireProtocol: .json(version: "1.0", targetPrefix: "DynamoDB_20120810")
    )
    /// AWS STS (Query, 2011-06-15), regional endpoints.
    public static let sts = AWSService(
        serviceID: "STS", signingName: "sts", endpointPrefix: "sts",
        wireProtocol: .query(version: "2011-06-15")
    )
}
