import Foundation

/// The last few buckets of load (in units needed at the target) and their spread, for
/// ``VolatilityBuffer``. The bucket being filled counts too, so a five-minute reading is
/// used as soon as it arrives.
public struct RecentLoad: Sendable, Hashable {
    public let bucketSeconds: Int
    public let capacity: Int
    /// Buckets in time order.
    private var buckets: RingBuffer<Bucket> = []
    /// Derived from the buckets, never persisted: see ``RunningSpread``.
    private var running = RunningSpread()

    public init(bucketSeconds: Int, capacity: Int) {
        precondition(bucketSeconds > 0 && capacity > 0)
        self.bucketSeconds = bucketSeconds
        self.capacity = capacity
    }

    /// Records `load` observed at `time`; readings older than the newest bucket are ignored.
    public mutating func record(_ load: Double, at time: Date) {
        guard load.isFinite, load >= 0 else { return }
        let bucket = WholeNumbers.floor(time.timeIntervalSince1970 / Double(bucketSeconds))
        if let last = buckets.last {
            if bucket < last.index { return }
            if bucket == last.index {
                let newest = buckets.count - 1
                let before = last.average
                buckets[newest].add(load)
                running.replace(before, with: buckets[newest].average)
                finishUpdate()
                return
            }
        }
        // Drop buckets that fell out of the window (a gap drops them all).
        let oldest = bucket - Int64(capacity) + 1
        var stale = 0
        while stale < buckets.count, buckets[stale].index < oldest { stale += 1 }
        if stale == 1 {
            // The window slides by one bucket (each new bucket of a steady metric): one running
            // update swaps the oldest average for the new one, where adding one and removing
            // the other divided twice. Its rounding is that of any update, inside the bound.
            running.replace(buckets[0].average, with: load)
        } else {
            running.add(load)
            for index in 0..<stale { running.remove(buckets[index].average) }
        }
        buckets.removeFirst(stale)
        buckets.append(Bucket(index: bucket, sum: load, count: 1))
        finishUpdate()
    }

    /// Running updates drift by rounding; starting again from the buckets every `capacity`
    /// updates keeps the drift to what one window's worth of updates can add.
    private mutating func finishUpdate() {
        running.updates += 1
        if running.updates >= capacity { running = exactRunningSpread() }
    }

    private func exactRunningSpread() -> RunningSpread {
        var exact = RunningSpread()
        guard let (mean, deviation) = spread() else { return exact }
        exact.count = buckets.count
        exact.mean = mean
        exact.squares = deviation * deviation * Double(buckets.count)
        for bucket in buckets { exact.scale = Swift.max(exact.scale, abs(bucket.average)) }
        return exact
    }

    /// Buckets held.
    public var count: Int { buckets.count }

    /// ``spread()`` from running sums, in constant time, and how far it may be from it: the
    /// bound covers the rounding of a window's worth of running updates, with a wide margin.
    /// `nil` when empty.
    public func estimatedSpread() -> (mean: Double, deviation: Double, error: Double)? {
        guard running.count > 0 else { return nil }
        let variance = Swift.max(0, running.squares / Double(running.count))
        // Rounding in the running sums is a few ulps of `scale` (squared, for `squares`) per
        // update; the deviation's error is the square root of the variance's.
        let scale = Swift.max(1, running.scale)
        let updates = Double(Swift.max(1, capacity))
        let error = 1e-13 * updates * scale + (1e-13 * updates).squareRoot() * scale
        return (running.mean, variance.squareRoot(), error)
    }

    /// Mean and population standard deviation of the bucket averages; `nil` when empty.
    public func spread() -> (mean: Double, deviation: Double)? {
        guard !buckets.isEmpty else { return nil }
        var mean = 0.0
        for bucket in buckets { mean += bucket.average }
        mean /= Double(buckets.count)
        var variance = 0.0
        for bucket in buckets {
            let difference = bucket.average - mean
            variance += difference * difference
        }
        variance /= Double(buckets.count)
        return (mean, variance.squareRoot())
    }
}

extension RecentLoad {
    /// One bucket: its index (`floor(time / bucketSeconds)`), and the sum and count of its readings.
    struct Bucket: Sendable, Hashable {
        let index: Int64
        private(set) var sum: Double
        private(set) var count: Int
        /// `sum / count`, divided once when the bucket changes: the window's spread reads every
        /// bucket's average, and dividing again on each read was most of the exact spread's time.
        private(set) var average: Double

        init(index: Int64, sum: Double, count: Int) {
            self.index = index
            self.sum = sum
            self.count = count
            average = sum / Double(count)
        }

        mutating func add(_ load: Double) {
            sum += load
            count += 1
            average = sum / Double(count)
        }

        /// The readings alone: the average follows from them.
        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.index == rhs.index && lhs.sum == rhs.sum && lhs.count == rhs.count
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(index)
            hasher.combine(sum)
            hasher.combine(count)
        }
    }
}

extension RecentLoad: Codable {
    /// The buckets alone are the window, persisted as three arrays (the form that predates one
    /// ring of buckets); the running sums are derived and start again from them after decoding.
    private enum CodingKeys: String, CodingKey {
        case bucketSeconds, capacity, indices, sums, counts
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bucketSeconds = try container.decode(Int.self, forKey: .bucketSeconds)
        capacity = try container.decode(Int.self, forKey: .capacity)
        let indices = try container.decode([Int64].self, forKey: .indices)
        let sums = try container.decode([Double].self, forKey: .sums)
        let counts = try container.decode([Int].self, forKey: .counts)
        guard indices.count == sums.count, sums.count == counts.count else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "indices, sums and counts differ in length"))
        }
        buckets = RingBuffer(indices.indices.map { Bucket(index: indices[$0], sum: sums[$0], count: counts[$0]) })
        running = exactRunningSpread()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bucketSeconds, forKey: .bucketSeconds)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(buckets.map(\.index), forKey: .indices)
        try container.encode(buckets.map(\.sum), forKey: .sums)
        try container.encode(buckets.map(\.count), forKey: .counts)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.bucketSeconds == rhs.bucketSeconds && lhs.capacity == rhs.capacity && lhs.buckets == rhs.buckets
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bucketSeconds)
        hasher.combine(capacity)
        hasher.combine(buckets)
    }
}

/// Welford's running mean and sum of squared deviations over a window of bucket averages,
/// updated as averages enter, leave or change.
struct RunningSpread: Sendable {
    var count = 0
    var mean = 0.0
    /// Σ (x − mean)².
    var squares = 0.0
    /// The largest magnitude that entered since the last exact start, for the error bound.
    var scale = 0.0
    /// Updates since the last exact start.
    var updates = 0

    mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        squares += delta * (x - mean)
        scale = Swift.max(scale, abs(x))
    }

    mutating func remove(_ x: Double) {
        guard count > 1 else {
            count = 0
            mean = 0
            squares = 0
            return
        }
        let delta = x - mean
        mean -= delta / Double(count - 1)
        squares -= delta * (x - mean)
        count -= 1
    }

    mutating func replace(_ old: Double, with new: Double) {
        let oldMean = mean
        mean += (new - old) / Double(count)
        squares += (new - old) * (new - mean + old - oldMean)
        scale = Swift.max(scale, abs(new))
    }
}
