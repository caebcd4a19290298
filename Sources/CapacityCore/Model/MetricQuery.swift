/// Where a metric's value comes from. Pure data: the metric sources at the edge read it.
public enum MetricQuery: Sendable, Hashable, Codable {
    /// A CloudWatch metric, read with GetMetricData.
    case cloudWatch(CloudWatchMetric)
    /// A PromQL expression that evaluates to one number.
    case prometheus(query: String)
    /// The utilization the simulator computes, in percent (100·u of the observed step).
    case simulatedUtilization
}

/// A CloudWatch metric as GetMetricData's `MetricStat` names it.
public struct CloudWatchMetric: Sendable, Hashable, Codable {
    public var namespace: String
    public var metricName: String
    public var dimensions: [Dimension]
    /// `Average`, `Sum`, `Maximum`, `Minimum`, `SampleCount` or a percentile such as `p90`.
    public var statistic: String
    public var periodSeconds: Int
    /// What a read with no datapoint in its window means.
    public var missingData: MissingData

    /// CloudWatch sends no datapoint for a period with nothing to count: a request count of a
    /// service nobody called. AWS's answer for its own target tracking is metric math,
    /// `FILL(m1, 0)`; this is the same choice, per metric.
    public enum MissingData: String, Sendable, Hashable, Codable {
        /// No datapoint is no reading: the target keeps its count (never a scale-in on no data).
        case missing
        /// No datapoint is a zero for the newest complete period, for metrics that count events.
        case zero
    }

    public struct Dimension: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        namespace: String, metricName: String, dimensions: [Dimension], statistic: String = "Average", periodSeconds: Int = 60,
        missingData: MissingData = .missing
    ) {
        self.namespace = namespace
        self.metricName = metricName
        self.dimensions = dimensions
        self.statistic = statistic
        self.periodSeconds = periodSeconds
        self.missingData = missingData
    }
}
