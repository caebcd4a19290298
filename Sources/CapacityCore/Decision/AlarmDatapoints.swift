import Foundation

/// Period averages of one metric for CloudWatch-alarm-like evaluation.
public struct AlarmDatapoints: Sendable {
    /// Index of the period being filled (`floor(timestamp / period)`), its running sum and count.
    public var openPeriod: Int64?
    public var openSum: Double = 0
    public var openCount: Int = 0
    /// Completed periods, oldest first: one ring for both, so completing a period is one append.
    private var completed: RingBuffer<CompletedPeriod> = []
    /// The newest runs above and below the thresholds last asked about, kept as periods
    /// complete: an alarm asks every step, and a scan may walk its whole window (15 periods
    /// for AWS's scale-in) when the metric sits on one side. Derived from `completed`: never
    /// persisted, no part of equality, and rebuilt by a scan when another threshold is asked about.
    private var above = ThresholdRun()
    private var below = ThresholdRun()

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
    /// - Parameter period: the period's length in seconds (an alarm's periods are whole seconds).
    ///
    /// Inlined where the planner feeds its alarms: the common reading (one whole period, the
    /// next one) completes its period here, without the calls of the general path.
    @inline(__always)
    mutating func add(value: Double, timestamp: Date, covered: Double, period periodSeconds: Int, keep: Int) {
        let start = timestamp.timeIntervalSince1970
        if let next = nextPeriod(startingAt: start, covering: covered, periodSeconds: periodSeconds) {
            // What the general path does with such a reading: it opens period `next` alone (the
            // sum starts at 0, as there), covers its end and completes it, leaving no open period;
            // one reading is its own average.
            openSum = 0
            openCount = 0
            record(next, average: 0 + value, keep: keep)
            return
        }
        add(value: value, start: start, covered: covered, period: periodSeconds, keep: keep)
    }

    /// The general path: every period the reading overlaps, found by dividing.
    @inline(never)
    private mutating func add(value: Double, start: Double, covered: Double, period periodSeconds: Int, keep: Int) {
        let period = Double(periodSeconds)
        let end = start + Swift.max(covered, 0)
        var index = WholeNumbers.floor(start / period)
        // The last period starting before `end` (an epsilon would vanish at epoch magnitudes).
        let last = Swift.max(index, Int64(WholeNumbers.ceil(end / period)) - 1)
        while index <= last {
            addToPeriod(index, value: value, keep: keep)
            if end >= Double(index + 1) * period - 1e-9 {
                complete(index, keep: keep)
            }
            index += 1
        }
    }

    /// The period after the newest completed one when the reading covers exactly that period
    /// (what a one-minute metric sends every minute), found without the two divisions: then
    /// `start` is k·P and `start + P` is (k+1)·P, integers below 2^53, so `start / P` is exactly
    /// k and `(start + P) / P` exactly k + 1, and the general path would give k for both ends.
    @inline(__always)
    func nextPeriod(startingAt start: Double, covering covered: Double, periodSeconds: Int) -> Int64? {
        guard openPeriod == nil, let newest = completed.last, periodSeconds > 0, covered == Double(periodSeconds) else { return nil }
        let next = newest.index &+ 1
        let (first, overflow) = next.multipliedReportingOverflow(by: Int64(periodSeconds))
        guard !overflow, first.magnitude < 1 << 52, periodSeconds.magnitude < 1 << 52, Double(first) == start else { return nil }
        return next
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
        // One reading is its own average (x / 1 is x): the common case skips a division.
        let average = openCount == 1 ? openSum : openSum / Double(openCount)
        openPeriod = nil
        openSum = 0
        openCount = 0
        record(index, average: average, keep: keep)
    }

    /// Adds completed period `index` with its average, forgetting what exceeds `keep`.
    @inline(__always)
    private mutating func record(_ index: Int64, average: Double, keep: Int) {
        let follows = completed.last.map { $0.index == index - 1 } ?? false
        above.extend(passing: above.threshold.map { average > $0 }, follows: follows)
        below.extend(passing: below.threshold.map { average < $0 }, follows: follows)
        completed.append(CompletedPeriod(index: index, average: average), keepingNewest: keep)
        above.length = Swift.min(above.length, completed.count)
        below.length = Swift.min(below.length, completed.count)
    }

    /// ``consecutiveCount(limit:above:)`` when the kept run is for `threshold` (every step but
    /// the first), else `nil`: a read, so the planner asks without write access to its alarms.
    @inline(__always)
    func keptCount(limit: Int, above threshold: Double) -> Int? {
        above.threshold == threshold ? Swift.max(0, Swift.min(above.length, limit)) : nil
    }

    /// ``consecutiveCount(limit:below:)`` when the kept run is for `threshold`, else `nil`.
    @inline(__always)
    func keptCount(limit: Int, below threshold: Double) -> Int? {
        below.threshold == threshold ? Swift.max(0, Swift.min(below.length, limit)) : nil
    }

    /// How many of the newest consecutive completed periods (no gap between them) average
    /// above `threshold`, up to `limit`.
    mutating func consecutiveCount(limit: Int, above threshold: Double) -> Int {
        if above.threshold != threshold {
            above = ThresholdRun(threshold: threshold, length: consecutiveCount(limit: .max) { $0 > threshold })
        }
        return Swift.max(0, Swift.min(above.length, limit))
    }

    /// How many of the newest consecutive completed periods average below `threshold`, up to `limit`.
    mutating func consecutiveCount(limit: Int, below threshold: Double) -> Int {
        if below.threshold != threshold {
            below = ThresholdRun(threshold: threshold, length: consecutiveCount(limit: .max) { $0 < threshold })
        }
        return Swift.max(0, Swift.min(below.length, limit))
    }

    /// How many of the newest consecutive completed periods satisfy `test`, up to `limit`, by
    /// a scan of the window: what the kept runs are checked against.
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
    /// The newest completed period's index.
    var latestPeriod: Int64? { completed.last?.index }
}

extension AlarmDatapoints {
    /// The length of the newest run of completed periods on one side of `threshold`.
    struct ThresholdRun: Sendable {
        /// `nil` until a threshold is asked about (a new or decoded window): nothing is kept.
        var threshold: Double?
        var length = 0

        /// Follows the run as a period completes: `passing` is whether its average is on the
        /// run's side; `follows`, whether it comes right after the newest completed period.
        @inline(__always)
        mutating func extend(passing: Bool?, follows: Bool) {
            guard let passing else { return }
            length = passing ? (follows ? length + 1 : 1) : 0
        }
    }
}

extension AlarmDatapoints: Hashable {
    /// The window alone: the kept runs are derived from it.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.openPeriod == rhs.openPeriod && lhs.openSum == rhs.openSum && lhs.openCount == rhs.openCount
            && lhs.completed == rhs.completed
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(openPeriod)
        hasher.combine(openSum)
        hasher.combine(openCount)
        hasher.combine(completed)
    }
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
