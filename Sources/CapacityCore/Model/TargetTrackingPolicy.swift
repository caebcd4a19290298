/// Target tracking: hold each metric near its target by changing the unit count in proportion.
///
/// The defaults are AWS's where AWS has one (conservative rounding, scale out if any metric asks,
/// scale in only if all agree) and the Kubernetes HPA's where AWS gives no say (tolerance,
/// stabilization windows, rate limits).
public struct TargetTrackingPolicy: Sendable, Hashable, Codable {
    public var metrics: [TargetTrackingMetric]
    /// Readings within this fraction of the target cause no change (HPA's tolerance, 0.1 = 10 %).
    public var tolerance: Double
    public var scaleOut: ScalingBehavior
    public var scaleIn: ScalingBehavior
    /// No metric may ever remove units.
    public var disableScaleIn: Bool
    /// Units younger than this are warming up: they count toward capacity for the next
    /// scale-out but are not trusted for scale-in, which waits until they are warm
    /// (EC2's instance warm-up).
    public var instanceWarmupSeconds: Int
    /// A reading older than this is stale and treated like a missing one.
    public var maxMetricAgeSeconds: Int
    /// Decide at most this often; between evaluations the count is held (the HPA's 15 s sync
    /// period). 0 decides on every tick.
    public var evaluationIntervalSeconds: Int
    public var fallback: FallbackPolicy?

    public init(
        metrics: [TargetTrackingMetric],
        tolerance: Double = 0.1,
        scaleOut: ScalingBehavior = ScalingBehavior(),
        scaleIn: ScalingBehavior = ScalingBehavior(stabilizationWindowSeconds: 300),
        disableScaleIn: Bool = false,
        instanceWarmupSeconds: Int = 0,
        maxMetricAgeSeconds: Int = 300,
        evaluationIntervalSeconds: Int = 0,
        fallback: FallbackPolicy? = nil
    ) {
        self.metrics = metrics
        self.tolerance = tolerance
        self.scaleOut = scaleOut
        self.scaleIn = scaleIn
        self.disableScaleIn = disableScaleIn
        self.instanceWarmupSeconds = instanceWarmupSeconds
        self.maxMetricAgeSeconds = maxMetricAgeSeconds
        self.evaluationIntervalSeconds = evaluationIntervalSeconds
        self.fallback = fallback
    }
}

/// What to do when metrics cannot be read: after `failureThreshold` consecutive evaluations
/// with no usable reading (the source unreachable included), hold at least `capacity` units.
/// It never removes units: a fallback below the current count keeps the current count.
public struct FallbackPolicy: Sendable, Hashable, Codable {
    public var failureThreshold: Int
    public var capacity: Int

    public init(failureThreshold: Int, capacity: Int) {
        self.failureThreshold = failureThreshold
        self.capacity = capacity
    }
}
