import Foundation

/// Application Auto Scaling's scaling policies: the controller that competes with Headroom for
/// a target's desired count, and what `headroom policy import` translates.
extension ApplicationAutoScaling {
    /// A scaling policy as `DescribeScalingPolicies` returns it: only what Headroom reads.
    public struct ScalingPolicy: Sendable, Hashable, Decodable {
        public var name: String
        public var arn: String?
        public var serviceNamespace: ServiceNamespace
        public var resourceID: String
        public var scalableDimension: ScalableDimension?
        /// `TargetTrackingScaling`, `StepScaling` or `PredictiveScaling`.
        public var policyType: String
        public var targetTracking: TargetTrackingConfiguration?

        enum CodingKeys: String, CodingKey {
            case name = "PolicyName"
            case arn = "PolicyARN"
            case serviceNamespace = "ServiceNamespace"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case policyType = "PolicyType"
            case targetTracking = "TargetTrackingScalingPolicyConfiguration"
        }
    }

    /// A target-tracking policy's configuration.
    public struct TargetTrackingConfiguration: Sendable, Hashable, Codable {
        public var targetValue: Double
        public var predefinedMetric: PredefinedMetric?
        public var customizedMetric: CustomizedMetric?
        public var scaleOutCooldown: Int?
        public var scaleInCooldown: Int?
        public var disableScaleIn: Bool?

        public init(
            targetValue: Double, predefinedMetric: PredefinedMetric? = nil, customizedMetric: CustomizedMetric? = nil,
            scaleOutCooldown: Int? = nil, scaleInCooldown: Int? = nil, disableScaleIn: Bool? = nil
        ) {
            self.targetValue = targetValue
            self.predefinedMetric = predefinedMetric
            self.customizedMetric = customizedMetric
            self.scaleOutCooldown = scaleOutCooldown
            self.scaleInCooldown = scaleInCooldown
            self.disableScaleIn = disableScaleIn
        }

        enum CodingKeys: String, CodingKey {
            case targetValue = "TargetValue"
            case predefinedMetric = "PredefinedMetricSpecification"
            case customizedMetric = "CustomizedMetricSpecification"
            case scaleOutCooldown = "ScaleOutCooldown"
            case scaleInCooldown = "ScaleInCooldown"
            case disableScaleIn = "DisableScaleIn"
        }
    }

    /// A metric AWS names by type, e.g. `ECSServiceAverageCPUUtilization`.
    public struct PredefinedMetric: Sendable, Hashable, Codable {
        public var type: String
        /// For `ALBRequestCountPerTarget`: `app/LB/ID/targetgroup/TG/ID`.
        public var resourceLabel: String?

        public init(type: String, resourceLabel: String? = nil) {
            self.type = type
            self.resourceLabel = resourceLabel
        }

        enum CodingKeys: String, CodingKey {
            case type = "PredefinedMetricType"
            case resourceLabel = "ResourceLabel"
        }
    }

    /// A CloudWatch metric a target-tracking policy names itself. `usesMetricMath` is true
    /// when it is a metric-math expression (`Metrics`) rather than one metric.
    public struct CustomizedMetric: Sendable, Hashable, Codable {
        public var namespace: String?
        public var metricName: String?
        public var dimensions: [Dimension]?
        public var statistic: String?
        public var unit: String?
        public var usesMetricMath: Bool

        public struct Dimension: Sendable, Hashable, Codable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }

            enum CodingKeys: String, CodingKey {
                case name = "Name"
                case value = "Value"
            }
        }

        public init(namespace: String, metricName: String, dimensions: [Dimension] = [], statistic: String = "Average", unit: String? = nil) {
            self.namespace = namespace
            self.metricName = metricName
            self.dimensions = dimensions
            self.statistic = statistic
            self.unit = unit
            self.usesMetricMath = false
        }

        enum CodingKeys: String, CodingKey {
            case namespace = "Namespace"
            case metricName = "MetricName"
            case dimensions = "Dimensions"
            case statistic = "Statistic"
            case unit = "Unit"
            case metrics = "Metrics"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
            metricName = try container.decodeIfPresent(String.self, forKey: .metricName)
            dimensions = try container.decodeIfPresent([Dimension].self, forKey: .dimensions)
            statistic = try container.decodeIfPresent(String.self, forKey: .statistic)
            unit = try container.decodeIfPresent(String.self, forKey: .unit)
            usesMetricMath = container.contains(.metrics)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(namespace, forKey: .namespace)
            try container.encodeIfPresent(metricName, forKey: .metricName)
            try container.encodeIfPresent(dimensions, forKey: .dimensions)
            try container.encodeIfPresent(statistic, forKey: .statistic)
            try container.encodeIfPresent(unit, forKey: .unit)
        }
    }

    /// The input of `PutScalingPolicy` for a target-tracking policy.
    public struct TargetTrackingPolicyRequest: Sendable, Hashable {
        public var name: String
        public var target: TargetID
        public var configuration: TargetTrackingConfiguration

        public init(name: String, target: TargetID, configuration: TargetTrackingConfiguration) {
            self.name = name
            self.target = target
            self.configuration = configuration
        }
    }

    struct PutScalingPolicyInput: Encodable, Sendable {
        var policyName: String
        var serviceNamespace: ServiceNamespace
        var resourceID: String
        var scalableDimension: ScalableDimension
        var policyType: String
        var targetTracking: TargetTrackingConfiguration?

        enum CodingKeys: String, CodingKey {
            case policyName = "PolicyName"
            case serviceNamespace = "ServiceNamespace"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case policyType = "PolicyType"
            case targetTracking = "TargetTrackingScalingPolicyConfiguration"
        }
    }

    struct DescribeScalingPoliciesInput: Encodable, Sendable {
        var serviceNamespace: ServiceNamespace
        var resourceID: String?
        var scalableDimension: ScalableDimension?
        var maxResults: Int?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case maxResults = "MaxResults"
            case nextToken = "NextToken"
        }
    }

    struct DescribeScalingPoliciesOutput: Decodable {
        var scalingPolicies: [ScalingPolicy]?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case scalingPolicies = "ScalingPolicies"
            case nextToken = "NextToken"
        }
    }
}

extension ApplicationAutoScalingClient {
    /// The scaling policies of `namespace`, optionally of one resource and dimension
    /// (`application-autoscaling:DescribeScalingPolicies`), every page.
    public func describeScalingPolicies(
        namespace: ApplicationAutoScaling.ServiceNamespace,
        resourceID: String? = nil,
        dimension: ApplicationAutoScaling.ScalableDimension? = nil
    ) async throws -> [ApplicationAutoScaling.ScalingPolicy] {
        try await PageFollower.collect(service: client.service, operation: "DescribeScalingPolicies") { token in
            let input = ApplicationAutoScaling.DescribeScalingPoliciesInput(
                serviceNamespace: namespace, resourceID: resourceID, scalableDimension: dimension,
                maxResults: Self.maxResultsPerPage, nextToken: token)
            let page = try await client.json(
                "DescribeScalingPolicies", input: input, as: ApplicationAutoScaling.DescribeScalingPoliciesOutput.self)
            return (page.scalingPolicies ?? [], page.nextToken)
        }
    }

    /// Creates or replaces a target-tracking policy (`application-autoscaling:PutScalingPolicy`);
    /// for seeding tests and demos of adoption.
    public func putTargetTrackingPolicy(_ request: ApplicationAutoScaling.TargetTrackingPolicyRequest) async throws {
        let check = OperationInputCheck(client.service, "PutScalingPolicy")
        try check.notEmpty(request.name, "PolicyName")
        guard request.configuration.targetValue > 0 else { throw check.failure("TargetValue must be more than 0") }
        let input = ApplicationAutoScaling.PutScalingPolicyInput(
            policyName: request.name, serviceNamespace: request.target.namespace, resourceID: request.target.resourceID,
            scalableDimension: request.target.dimension, policyType: "TargetTrackingScaling", targetTracking: request.configuration)
        try await client.json("PutScalingPolicy", input: input)
    }
}
