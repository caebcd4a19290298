import Foundation

/// The shapes of the Amazon CloudWatch operations Headroom calls, as the JSON 1.0 protocol
/// names them (`MetricDataQueries`, `MetricStat`, …). ``CloudWatchClient`` sends them.
public enum CloudWatch {
    /// A name/value pair that is part of a metric's identity, e.g. `ClusterName=prod`.
    public struct Dimension: Sendable, Hashable, Codable {
        /// The dimension's name, e.g. `ServiceName`.
        public var name: String
        /// The dimension's value, e.g. `api`.
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

    /// A metric: namespace, name and dimensions. CloudWatch treats every distinct set of
    /// dimensions as a separate metric.
    public struct Metric: Sendable, Hashable, Codable {
        /// E.g. `AWS/ECS`.
        public var namespace: String
        /// E.g. `CPUUtilization`.
        public var metricName: String
        /// All of the metric's dimensions: a subset names a different metric.
        public var dimensions: [Dimension]

        public init(namespace: String, metricName: String, dimensions: [Dimension] = []) {
            self.namespace = namespace
            self.metricName = metricName
            self.dimensions = dimensions
        }

        enum CodingKeys: String, CodingKey {
            case namespace = "Namespace"
            case metricName = "MetricName"
            case dimensions = "Dimensions"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            namespace = try container.decode(String.self, forKey: .namespace)
            metricName = try container.decode(String.self, forKey: .metricName)
            dimensions = try container.decodeIfPresent([Dimension].self, forKey: .dimensions) ?? []
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(namespace, forKey: .namespace)
            try container.encode(metricName, forKey: .metricName)
            if !dimensions.isEmpty {
                try container.encode(dimensions, forKey: .dimensions)
            }
        }
    }

    /// A metric with the statistic and period to aggregate it with.
    public struct MetricStat: Sendable, Hashable, Codable {
        /// The metric to aggregate.
        public var metric: Metric
        /// The aggregation period in seconds: 1, 5, 10, 20, 30 or a multiple of 60.
        public var period: Int
        /// `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or an extended statistic such as `p90`.
        public var stat: String
        /// Only datapoints stored with this unit, if set.
        public var unit: String?

        public init(metric: Metric, period: Int, stat: String, unit: String? = nil) {
            self.metric = metric
            self.period = period
            self.stat = stat
            self.unit = unit
        }

        enum CodingKeys: String, CodingKey {
            case metric = "Metric"
            case period = "Period"
            case stat = "Stat"
            case unit = "Unit"
        }
    }

    /// Whether a period is one CloudWatch accepts: 1, 5, 10, 20, 30 (high resolution) or a
    /// positive multiple of 60 seconds.
    public static func isValidPeriod(_ seconds: Int) -> Bool {
        [1, 5, 10, 20, 30].contains(seconds) || (seconds > 0 && seconds % 60 == 0)
    }
}
