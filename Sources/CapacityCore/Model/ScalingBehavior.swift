/// How fast one direction (out or in) may move, in the terms of the Kubernetes HPA's
/// `behavior` and AWS's cooldowns and alarms.
public struct ScalingBehavior: Sendable, Hashable, Codable {
    /// Recommendations are remembered this long; scale-in uses the highest one in the window,
    /// scale-out the lowest (the HPA's stabilization window).
    public var stabilizationWindowSeconds: Int
    /// After a change in this direction, how long before the next one (AWS's cooldown).
    public var cooldownSeconds: Int
    /// Limits on how much may change within a period; `selectPolicy` chooses among them.
    public var rateLimits: [RateLimit]
    public var selectPolicy: SelectPolicy
    /// When set, the change is only made once the metric has been past its threshold for
    /// `datapoints` consecutive periods, like a CloudWatch alarm; `nil` acts on each reading.
    public var alarm: AlarmEvaluation?

    public init(
        stabilizationWindowSeconds: Int = 0,
        cooldownSeconds: Int = 0,
        rateLimits: [RateLimit] = [],
        selectPolicy: SelectPolicy = .max,
        alarm: AlarmEvaluation? = nil
    ) {
        self.stabilizationWindowSeconds = stabilizationWindowSeconds
        self.cooldownSeconds = cooldownSeconds
        self.rateLimits = rateLimits
        self.selectPolicy = selectPolicy
        self.alarm = alarm
    }

    /// A limit of `value` units or percent of the capacity at the period's start, per `periodSeconds`.
    public struct RateLimit: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable {
            case units
            case percent
        }
        public var kind: Kind
        public var value: Int
        public var periodSeconds: Int

        public init(kind: Kind, value: Int, periodSeconds: Int) {
            self.kind = kind
            self.value = value
            self.periodSeconds = periodSeconds
        }
    }

    /// Which rate limit applies when there are several: `max` allows the most change
    /// (the HPA default), `min` the least, `disabled` forbids changes in this direction.
    public enum SelectPolicy: String, Sendable, Hashable, Codable {
        case max
        case min
        case disabled
    }
}

/// CloudWatch-alarm-like evaluation: the metric is averaged per period, and the alarm fires
/// only after `datapoints` consecutive complete periods past the threshold.
public struct AlarmEvaluation: Sendable, Hashable, Codable {
    public var periodSeconds: Int
    public var datapoints: Int
    /// The threshold as a fraction of the target value (1.0 for scale-out; AWS's hidden
    /// scale-in alarm sits near 0.9).
    public var thresholdRatio: Double

    public init(periodSeconds: Int = 60, datapoints: Int, thresholdRatio: Double = 1.0) {
        self.periodSeconds = periodSeconds
        self.datapoints = datapoints
        self.thresholdRatio = thresholdRatio
    }
}
