import Foundation

/// One metric's newest value as a source reported it, or why there is none.
public struct MetricReading: Sendable, Hashable, Codable {
    public enum Status: Sendable, Hashable, Codable {
        /// A datapoint: `value` and `timestamp` are set.
        case ok
        /// The source answered but had no datapoint in its look-back window.
        case missing
        /// The source could not be asked (unreachable, throttled, access denied).
        case unavailable(reason: String)
    }

    public var status: Status
    public var value: Double
    /// Start of the period the value covers.
    public var timestamp: Date?
    /// Length of the period the value covers (60 for a one-minute CloudWatch datapoint).
    public var periodSeconds: Double

    public init(status: Status, value: Double, timestamp: Date?, periodSeconds: Double) {
        self.status = status
        self.value = value
        self.timestamp = timestamp
        self.periodSeconds = periodSeconds
    }

    /// A datapoint for the period starting at `timestamp`.
    public static func value(_ value: Double, at timestamp: Date, periodSeconds: Double = 60) -> MetricReading {
        MetricReading(status: .ok, value: value, timestamp: timestamp, periodSeconds: periodSeconds)
    }

    public static let missing = MetricReading(status: .missing, value: .nan, timestamp: nil, periodSeconds: 0)

    public static func unavailable(_ reason: String) -> MetricReading {
        MetricReading(status: .unavailable(reason: reason), value: .nan, timestamp: nil, periodSeconds: 0)
    }

    /// How old the datapoint is at `time`: from the end of its period, never negative.
    public func age(at time: Date) -> Double? {
        guard let timestamp else { return nil }
        return Swift.max(0, time.timeIntervalSince(timestamp) - periodSeconds)
    }
}
