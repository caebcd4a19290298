/// One metric a target tracks, and the value it should sit at.
public struct TargetTrackingMetric: Sendable, Hashable, Codable {
    /// How the metric relates to capacity.
    public enum ValueType: String, Sendable, Hashable, Codable {
        /// An average over the units that serve (CPU %, requests per target): doubling the units
        /// halves it, so `desired = ceil(units × value / target)`.
        case average
        /// A total the fleet works off (queue backlog, in-flight requests):
        /// `desired = ceil(value / target)`, independent of how many units there are now.
        /// The only kind that can wake a target from zero units.
        case total
    }

    /// A name unique within the policy, used in reasons, logs and metrics.
    public var name: String
    public var source: MetricQuery
    /// The value to hold the metric at (`TargetValue`), > 0.
    public var targetValue: Double
    public var valueType: ValueType
    /// The metric must be strictly above this for a target at zero units to scale to one,
    /// and at or below it on every metric for a target to scale to zero (KEDA's activation).
    public var activationValue: Double
    /// When true this metric can ask for more units but never agrees to fewer.
    public var disableScaleIn: Bool

    public init(
        name: String,
        source: MetricQuery,
        targetValue: Double,
        valueType: ValueType = .average,
        activationValue: Double = 0,
        disableScaleIn: Bool = false
    ) {
        self.name = name
        self.source = source
        self.targetValue = targetValue
        self.valueType = valueType
        self.activationValue = activationValue
        self.disableScaleIn = disableScaleIn
    }
}
