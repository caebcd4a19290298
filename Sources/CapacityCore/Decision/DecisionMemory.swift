import Foundation

/// What a planner remembers between decisions: recommendations for stabilization windows,
/// recent changes for rate limits and cooldowns, alarm datapoints, failed reads.
///
/// It is `Codable` so the daemon can persist it: a restart must not forget a window and
/// scale in early.
public struct DecisionMemory: Sendable, Hashable, Codable {
    public struct TimedValue: Sendable, Hashable, Codable {
        public var time: Date
        public var value: Int
    }

    /// Recent recommendations, oldest first.
    public var recommendations: RingBuffer<TimedValue> = []
    /// Recent changes (`value` is the signed change), oldest first.
    public var changes: RingBuffer<TimedValue> = []
    public var lastScaleOut: Date?
    /// The count the last scale-out set, for the scale-out cooldown.
    public var lastScaleOutCapacity: Int?
    public var lastScaleIn: Date?
    public var lastEvaluation: Date?
    /// When this memory began: scale-in waits until it covers a whole scale-in window.
    public var firstDecision: Date?
    /// Consecutive evaluations in which no metric could be read.
    public var consecutiveFailures: Int = 0
    /// Per-metric alarm datapoints, in the policy's metric order.
    public var alarms: [AlarmDatapoints] = []
    /// Per-metric averages of readings finer than the metric's period, in the policy's metric
    /// order; `nil` until such a reading arrives (never, in the daemon: CloudWatch sends whole
    /// periods). Optional so memory persisted before it decodes.
    public var periodAverages: [AlarmDatapoints]?
    /// Load history for the forecast, when the policy has one.
    public var history: LoadHistory?
    /// The forecast made for the current history bucket; it only changes when a bucket completes.
    public var forecast: CachedForecast?
    /// Recent load for the volatility buffer, when the policy has one.
    public var recentLoad: RecentLoad?

    public struct CachedForecast: Sendable, Hashable, Codable {
        public var bucket: Int64
        public var lastHistoryBucket: Int64?
        public var forecast: LoadForecast?
    }

    public init() {}
}
