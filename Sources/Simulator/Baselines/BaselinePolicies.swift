import CapacityCore

/// The policies a simulation compares against, built in code exactly as the shipped files in
/// `simulations/policies/` describe them: what users run today (AWS target tracking, the
/// Kubernetes HPA, a fixed count) and a simple Headroom target tracking.
///
/// Every target-tracking baseline tracks the utilization the simulator computes
/// (``MetricQuery/simulatedUtilization``, in percent).
public enum BaselinePolicies {
    /// The simulated-utilization metric at `targetPercent`.
    public static func utilization(targetPercent: Double, name: String = "cpu") -> TargetTrackingMetric {
        TargetTrackingMetric(name: name, source: .simulatedUtilization, targetValue: targetPercent)
    }

    /// AWS target tracking with its documented defaults: scale out after 3 of 3 one-minute
    /// datapoints above target to `ceil(current × metric / target)`, scale in after 15 of 15
    /// below 0.9 × target, 300 s cooldowns, no tolerance band.
    public static func awsTargetTracking(
        name: String = "aws-target-tracking", targetPercent: Double = 60, bounds: CapacityBounds = defaultBounds
    ) -> CapacityPolicy {
        CapacityPolicy(
            name: name, kind: .awsTargetTracking, bounds: bounds,
            strategy: .targetTracking(.awsTargetTracking(metrics: [utilization(targetPercent: targetPercent)])))
    }

    /// The Kubernetes HPA with its defaults: 15 s sync, 10 % tolerance, 300 s scale-down
    /// stabilization, scale-up by max(100 %, 4 pods) per 15 s.
    public static func kubernetesHPA(
        name: String = "k8s-hpa", targetPercent: Double = 60, bounds: CapacityBounds = defaultBounds
    ) -> CapacityPolicy {
        CapacityPolicy(
            name: name, kind: .kubernetesHPA, bounds: bounds,
            strategy: .targetTracking(.kubernetesHPA(metrics: [utilization(targetPercent: targetPercent)])))
    }

    /// A fixed unit count, sized by hand for a peak.
    public static func fixed(name: String = "static", units: Int = defaultStaticUnits, bounds: CapacityBounds = defaultBounds) -> CapacityPolicy {
        CapacityPolicy(name: name, kind: .fixed, bounds: bounds, strategy: .fixed(units: units))
    }

    /// Headroom's default policy (`simulations/policies/headroom.yaml`): AWS target tracking's
    /// alarms and cooldowns, loosened and tightened where that measured better (a 10 % tolerance;
    /// scale-out on 3 one-minute datapoints above 0.95 × target; scale-in on 10 below the target,
    /// every 10 minutes), never below a volatility buffer of the last 15 minutes' mean load plus
    /// 0.5 standard deviations.
    public static func headroom(name: String = "headroom", targetPercent: Double = 60, bounds: CapacityBounds = defaultBounds) -> CapacityPolicy {
        CapacityPolicy(
            name: name, kind: .headroom, bounds: bounds,
            strategy: .targetTracking(TargetTrackingPolicy(
                metrics: [utilization(targetPercent: targetPercent)],
                tolerance: 0.1,
                scaleOut: ScalingBehavior(
                    cooldownSeconds: 300, alarm: AlarmEvaluation(periodSeconds: 60, datapoints: 3, thresholdRatio: 0.95)),
                scaleIn: ScalingBehavior(
                    cooldownSeconds: 600, alarm: AlarmEvaluation(periodSeconds: 60, datapoints: 10, thresholdRatio: 1.0)))),
            buffer: VolatilityBuffer(windowSeconds: 900, deviations: 0.5))
    }

    /// The four shipped policies, in the order `simulations/policies/` lists them.
    public static func shipped() -> [CapacityPolicy] {
        [awsTargetTracking(), headroom(), kubernetesHPA(), fixed()]
    }

    /// Bounds of the shipped policies: every shipped scenario's peak fits well inside.
    public static let defaultBounds = CapacityBounds(min: 1, max: 100)

    /// The shipped `static.yaml`: the NASA demo's peak demand (51 units) plus 8 % headroom.
    public static let defaultStaticUnits = 55
}
