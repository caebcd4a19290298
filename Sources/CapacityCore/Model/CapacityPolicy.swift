/// Everything Headroom knows about how one target should be scaled.
///
/// A policy is pure data; ``CapacityPlanner`` turns it and an ``Observation`` into a ``Decision``.
public struct CapacityPolicy: Sendable, Hashable, Codable {
    /// How the unit count is chosen inside the bounds.
    public enum Strategy: Sendable, Hashable, Codable {
        /// Track metrics toward targets.
        case targetTracking(TargetTrackingPolicy)
        /// Hold a fixed count (still clamped to the bounds and raised by schedule floors).
        case fixed(units: Int)
    }

    /// Which family the policy belongs to, for reports: Headroom's own, or one of the baselines
    /// that imitate what users run today.
    public enum Kind: String, Sendable, Hashable, Codable {
        case headroom
        case awsTargetTracking = "aws-target-tracking"
        case kubernetesHPA = "k8s-hpa"
        case fixed = "static"
    }

    public var name: String
    public var kind: Kind
    /// What to scale; `nil` in simulation-only policies.
    public var target: TargetReference?
    /// The target's region; `nil` is the daemon's.
    public var region: String?
    public var bounds: CapacityBounds
    public var strategy: Strategy
    public var schedules: [ScheduledBounds]
    public var warmPool: WarmPoolPolicy?
    /// Plan ahead with a seasonal forecast; `nil` is reactive only.
    public var forecast: ForecastPolicy?
    /// Hold capacity for the recent load's spread; `nil` buffers by the target alone.
    public var buffer: VolatilityBuffer?
    /// What to do about AWS's own scaling policies and scheduled actions on the target.
    public var awsScaling: AWSScalingMode
    /// A role to assume (through STS) to reach the target, e.g. in another account; `nil`
    /// uses the daemon's own credentials.
    public var roleARN: String?
    /// The external ID the role's trust policy asks for, if any.
    public var externalID: String?

    public init(
        name: String,
        kind: Kind = .headroom,
        target: TargetReference? = nil,
        region: String? = nil,
        bounds: CapacityBounds,
        strategy: Strategy,
        schedules: [ScheduledBounds] = [],
        warmPool: WarmPoolPolicy? = nil,
        forecast: ForecastPolicy? = nil,
        buffer: VolatilityBuffer? = nil,
        awsScaling: AWSScalingMode = .refuse,
        roleARN: String? = nil,
        externalID: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.target = target
        self.region = region
        self.bounds = bounds
        self.strategy = strategy
        self.schedules = schedules
        self.warmPool = warmPool
        self.forecast = forecast
        self.buffer = buffer
        self.awsScaling = awsScaling
        self.roleARN = roleARN
        self.externalID = externalID
    }

    /// The metrics this policy reads, in the order ``Observation/readings`` must follow.
    public var metrics: [TargetTrackingMetric] {
        if case .targetTracking(let tracking) = strategy { return tracking.metrics }
        return []
    }
}
