import Foundation

extension CloudWatch {
    /// One datapoint to publish with `PutMetricData`.
    public struct MetricDatum: Sendable, Hashable, Encodable {
        /// The metric's name in the call's namespace.
        public var metricName: String
        /// The metric's dimensions, if any.
        public var dimensions: [Dimension]
        /// When the value was observed; CloudWatch uses the time of receipt if `nil`.
        public var timestamp: Date?
        /// A finite number; CloudWatch rejects NaN and infinities.
        public var value: Double
        /// A CloudWatch unit such as `Percent` or `Count`.
        public var unit: String?
        /// 1 for a high-resolution metric, 60 (the default) for standard resolution.
        public var storageResolution: Int?

        public init(
            metricName: String, dimensions: [Dimension] = [], timestamp: Date? = nil, value: Double, unit: String? = nil,
            storageResolution: Int? = nil
        ) {
            self.metricName = metricName
            self.dimensions = dimensions
            self.timestamp = timestamp
            self.value = value
            self.unit = unit
            self.storageResolution = storageResolution
        }

        enum CodingKeys: String, CodingKey {
            case metricName = "MetricName"
            case dimensions = "Dimensions"
            case timestamp = "Timestamp"
            case value = "Value"
            case unit = "Unit"
            case storageResolution = "StorageResolution"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(metricName, forKey: .metricName)
            if !dimensions.isEmpty {
                try container.encode(dimensions, forKey: .dimensions)
            }
            try container.encodeIfPresent(timestamp, forKey: .timestamp)
            try container.encode(value, forKey: .value)
            try container.encodeIfPresent(unit, forKey: .unit)
            try container.encodeIfPresent(storageResolution, forKey: .storageResolution)
        }
    }

    /// The input of one `PutMetricData` call.
    struct PutMetricDataInput: Sendable, Encodable {
        var namespace: String
        var metricData: [MetricDatum]

        enum CodingKeys: String, CodingKey {
            case namespace = "Namespace"
            case metricData = "MetricData"
        }
    }
}
