/// What a planner reads of its policy on every decision, laid out once per planner.
///
/// Immutable and held by reference, so a decision reads each setting in place. Matching the
/// policy's strategy enum, or passing its target tracking by value, copied the whole policy
/// (retaining its strings and arrays) on every step, and that was most of a decision's cost.
final class PlannerSettings: Sendable {
    /// The policy's target tracking, for what the numbers below leave out (metric names).
    let tracking: TargetTrackingPolicy?
    /// The count of a `.fixed` strategy; `nil` for target tracking.
    let fixedUnits: Int?
    /// Whether the policy tracks targets (testing ``tracking`` for `nil` copied the policy).
    var tracks: Bool { fixedUnits == nil }
    /// Each metric's numbers, in the policy's metric order: copying one retains nothing.
    let metrics: [MetricSettings]
    let tolerance: Double
    let maxMetricAgeSeconds: Double
    let evaluationIntervalSeconds: Int
    let disableScaleIn: Bool
    let fallback: FallbackPolicy?
    let scaleOut: BehaviorSettings
    let scaleIn: BehaviorSettings
    /// The alarm period in seconds, when either direction has an alarm, and the periods each alarm keeps.
    let alarmPeriod: Int?
    let alarmKeep: Int
    /// The longest rate-limit period: changes older than this are forgotten.
    let longestRatePeriod: Int
    /// The longer of the two stabilization windows, in seconds.
    let longestWindow: Double

    init(_ policy: CapacityPolicy) {
        var tracking: TargetTrackingPolicy?
        switch policy.strategy {
        case .targetTracking(let policy):
            tracking = policy
            fixedUnits = nil
        case .fixed(let units):
            fixedUnits = units
        }
        self.tracking = tracking
        metrics = tracking?.metrics.map(MetricSettings.init) ?? []
        tolerance = tracking?.tolerance ?? 0
        maxMetricAgeSeconds = Double(tracking?.maxMetricAgeSeconds ?? 0)
        evaluationIntervalSeconds = tracking?.evaluationIntervalSeconds ?? 0
        disableScaleIn = tracking?.disableScaleIn ?? false
        fallback = tracking?.fallback
        scaleOut = BehaviorSettings(tracking?.scaleOut ?? ScalingBehavior())
        scaleIn = BehaviorSettings(tracking?.scaleIn ?? ScalingBehavior())
        let outAlarm = tracking?.scaleOut.alarm
        let inAlarm = tracking?.scaleIn.alarm
        alarmPeriod = (outAlarm ?? inAlarm)?.periodSeconds
        alarmKeep = Swift.max(outAlarm?.datapoints ?? 1, inAlarm?.datapoints ?? 1)
        var longest = 0
        for rule in scaleOut.rateLimits + scaleIn.rateLimits { longest = Swift.max(longest, rule.periodSeconds) }
        longestRatePeriod = longest
        longestWindow = Swift.max(scaleOut.stabilizationWindow, scaleIn.stabilizationWindow)
    }

    /// The name of the metric at `index`, for reasons.
    func metricName(_ index: Int) -> String {
        tracking.map { $0.metrics[index].name } ?? ""
    }
}

/// One target-tracking metric's numbers.
struct MetricSettings: Sendable {
    var targetValue: Double
    var valueType: TargetTrackingMetric.ValueType
    var activationValue: Double
    var disableScaleIn: Bool
    /// ``MetricQuery/readingPeriodSeconds`` of the metric's source.
    var periodSeconds: Int?

    init(_ metric: TargetTrackingMetric) {
        targetValue = metric.targetValue
        valueType = metric.valueType
        activationValue = metric.activationValue
        disableScaleIn = metric.disableScaleIn
        periodSeconds = metric.source.readingPeriodSeconds
    }

    /// ``TargetTrackingMetric/unitsNeeded(value:measuredUnits:)``, from the numbers alone.
    @inline(__always)
    func unitsNeeded(value: Double, measuredUnits: Double) -> Double {
        switch valueType {
        case .average: measuredUnits * value / targetValue
        case .total: value / targetValue
        }
    }
}

/// One direction's ``ScalingBehavior``, windows in seconds as decisions use them.
struct BehaviorSettings: Sendable {
    var stabilizationWindow: Double
    var cooldownSeconds: Int
    var rateLimits: [ScalingBehavior.RateLimit]
    var selectPolicy: ScalingBehavior.SelectPolicy
    var alarm: AlarmEvaluation?

    init(_ behavior: ScalingBehavior) {
        stabilizationWindow = Double(behavior.stabilizationWindowSeconds)
        cooldownSeconds = behavior.cooldownSeconds
        rateLimits = behavior.rateLimits
        selectPolicy = behavior.selectPolicy
        alarm = behavior.alarm
    }
}
