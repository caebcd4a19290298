import Foundation

/// The last few buckets of load (in units needed at the target) and their spread, for
/// ``VolatilityBuffer``. The bucket being filled counts too, so a five-minute reading is
/// used as soon as it arrives.
public struct RecentLoad: Sendable, Hashable, Codable {
    public let bucketSeconds: Int
    public let capacity: Int
    /// Buckets in time order: index (`floor(time / bucketSeconds)`), sum and count of readings.
    private var indices: RingBuffer<Int64> = []
    private var sums: RingBuffer<Double> = []
    private var counts: RingBuffer<Int> = []

    public init(bucketSeconds: Int, capacity: Int) {
        precondition(bucketSeconds > 0 && capacity > 0)
        self.bucketSeconds = bucketSeconds
        self.capacity = capacity
    }

    /// Records `load` observed at `time`; readings older than the newest bucket are ignored.
    public mutating func record(_ load: Double, at time: Date) {
        guard load.isFinite, load >= 0 else { return }
        let bucket = Int64((time.timeIntervalSince1970 / Double(bucketSeconds)).rounded(.down))
        if let last = indices.last {
            if bucket < last { return }
            if bucket == last {
                sums[sums.count - 1] += load
                counts[counts.count - 1] += 1
                return
            }
        }
        indices.append(bucket)
        sums.append(load)
        counts.append(1)
        // Drop buckets that fell out of the window (a gap drops them all).
        let oldest = bucket - Int64(capacity) + 1
        var stale = 0
        while stale < indices.count, indices[stale] < oldest { stale += 1 }
        indices.removeFirst(stale)
        sums.removeFirst(stale)
        counts.removeFirst(stale)
    }

    /// Buckets held.
    public var count: Int { indices.count }

    /// Mean and population standard deviation of the bucket averages; `nil` when empty.
    public func spread() -> (mean: Double, deviation: Double)? {
        guard !indices.isEmpty else { return nil }
        var mean = 0.0
        for i in sums.indices { mean += sums[i] / Double(counts[i]) }
        mean /= Double(indices.count)
        var variance = 0.0
        for i in sums.indices {
            let difference = sums[i] / Double(counts[i]) - mean
            variance += difference * difference
        }
        variance /= Double(indices.count)
        return (mean, variance.squareRoot())
    }
}
