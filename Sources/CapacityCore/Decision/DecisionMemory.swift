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

/// Period averages of one metric for CloudWatch-alarm-like evaluation.
public struct AlarmDatapoints: Sendable, Hashable {
    /// Index of the period being filled (`floor(timestamp / period)`), its running sum and count.
    public var openPeriod: Int64?
    public var openSum: Double = 0
    public var openCount: Int = 0
    /// Completed periods, oldest first: one ring for both, so completing a period is one append.
    private var completed: RingBuffer<CompletedPeriod> = []

    struct CompletedPeriod: Sendable, Hashable {
        var index: Int64
        var average: Double
    }

    public init() {}

    /// The completed periods' indices, oldest first.
    public var completedPeriods: [Int64] { completed.map(\.index) }
    /// The completed periods' averages, oldest first.
    public var completedValues: [Double] { completed.map(\.average) }

    /// Adds a reading covering `[timestamp, timestamp + covered)` to every period it overlaps:
    /// a five-minute reading is five one-minute datapoints. A period completes when a reading
    /// covers its end; readings for periods already completed are ignored.
    mutating func add(value: Double, timestamp: Date, covered: Double, period: Double, keep: Int) {
        let start = timestamp.timeIntervalSince1970
        let end = start + Swift.max(covered, 0)
        var index = Int64((start / period).rounded(.down))
        // The last period starting before `end` (an epsilon would vanish at epoch magnitudes).
        let last = Swift.max(index, Int64((end / period).rounded(.up)) - 1)
        while index <= last {
            addToPeriod(index, value: value, keep: keep)
            if end >= Double(index + 1) * period - 1e-9 {
                complete(index, keep: keep)
            }
            index += 1
        }
    }

    private mutating func addToPeriod(_ index: Int64, value: Double, keep: Int) {
        if let last = completed.last, index <= last.index { return }
        if let open = openPeriod, open != index {
            complete(open, keep: keep)
        }
        if openPeriod != index {
            openPeriod = index
            openSum = 0
            openCount = 0
        }
        openSum += value
        openCount += 1
    }

    private mutating func complete(_ index: Int64, keep: Int) {
        guard openPeriod == index, openCount > 0 else { return }
        completed.append(CompletedPeriod(index: index, average: openSum / Double(openCount)))
        openPeriod = nil
        openSum = 0
        openCount = 0
        if completed.count > keep {
            completed.removeFirst(completed.count - keep)
        }
    }

    /// How many of the newest consecutive completed periods satisfy `test`, up to `limit`.
    func consecutiveCount(limit: Int, where test: (Double) -> Bool) -> Int {
        var count = 0
        var i = completed.count - 1
        var expected = i >= 0 ? completed[i].index : 0
        while i >= 0, count < limit {
            let period = completed[i]
            guard period.index == expected, test(period.average) else { break }
            count += 1
            expected = period.index - 1
            i -= 1
        }
        return count
    }

    /// The newest completed period's average.
    var latest: Double? { completed.last?.average }
}

extension AlarmDatapoints: Codable {
    /// The persisted form predates the single ring: indices and averages as two arrays.
    private enum CodingKeys: String, CodingKey {
        case openPeriod, openSum, openCount, completedPeriods, completedValues
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        openPeriod = try container.decodeIfPresent(Int64.self, forKey: .openPeriod)
        openSum = try container.decode(Double.self, forKey: .openSum)
        openCount = try container.decode(Int.self, forKey: .openCount)
        let periods = try container.decode([Int64].self, forKey: .completedPeriods)
        let values = try container.decode([Double].self, forKey: .completedValues)
        guard periods.count == values.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .completedValues, in: container, debugDescription: "completedPeriods and completedValues differ in length")
        }
        completed = RingBuffer(zip(periods, values).map { CompletedPeriod(index: $0, average: $1) })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(openPeriod, forKey: .openPeriod)
        try container.encode(openSum, forKey: .openSum)
        try container.encode(openCount, forKey: .openCount)
        try container.encode(completedPeriods, forKey: .completedPeriods)
        try container.encode(completedValues, forKey: .completedValues)
    }
}
