/// Holds capacity for the recent load's mean plus a number of its standard deviations.
///
/// Most of the time a service runs short is one-minute jumps that no reactive policy can
/// answer (the metric is a minute late and capacity takes a minute or more to arrive): only
/// units already running cover them. A fixed target buffers every load by the same ratio; this
/// buffer grows where the load has been jumpy and shrinks where it has been calm, so the same
/// money buys more SLO time. Like the forecast, it is a floor: it holds units up and never
/// scales in by itself.
public struct VolatilityBuffer: Sendable, Hashable, Codable {
    /// How much recent load the mean and deviation describe.
    public var windowSeconds: Int
    /// Standard deviations of the window's load held above its mean.
    public var deviations: Double
    /// Resolution of the window: readings in one bucket are averaged first (one minute, like
    /// CloudWatch's standard resolution), so sub-minute noise does not pass for volatility.
    public var bucketSeconds: Int
    /// With a warm pool: stopped units kept for this many more deviations above the buffer, so a
    /// jump past the buffer is served by warm starts instead of cold boots (0 keeps the pool's
    /// own static sizing).
    public var warmPoolDeviations: Double

    public init(windowSeconds: Int = 3600, deviations: Double = 1, bucketSeconds: Int = 60, warmPoolDeviations: Double = 0) {
        self.windowSeconds = windowSeconds
        self.deviations = deviations
        self.bucketSeconds = bucketSeconds
        self.warmPoolDeviations = warmPoolDeviations
    }

    /// Buckets the window holds.
    var bucketCount: Int { Swift.max(1, windowSeconds / Swift.max(1, bucketSeconds)) }
}
