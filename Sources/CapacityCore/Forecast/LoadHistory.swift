import Foundation

/// A fixed-resolution history of load, in units needed at the target (for an average metric,
/// `units × value / target`; for a total metric, `value / target`).
///
/// Buckets average what was recorded in them; a bucket with nothing recorded is missing
/// (NaN), never zero, so an outage is not mistaken for a quiet night.
public struct LoadHistory: Sendable, Hashable, Codable {
    public let bucketSeconds: Int
    /// The most buckets kept; older ones are dropped.
    public let capacity: Int
    /// Bucket index (`floor(time / bucketSeconds)`) of `values[0]`.
    public private(set) var firstIndex: Int64 = 0
    /// Completed bucket averages, NaN where missing.
    public private(set) var values: [Double] = []
    private var openIndex: Int64?
    private var openSum = 0.0
    private var openCount = 0

    public init(bucketSeconds: Int, capacity: Int) {
        precondition(bucketSeconds > 0 && capacity > 0)
        self.bucketSeconds = bucketSeconds
        self.capacity = capacity
    }

    public func index(of time: Date) -> Int64 {
        WholeNumbers.floor(time.timeIntervalSince1970 / Double(bucketSeconds))
    }

    /// Index of the newest completed bucket, if any.
    public var lastIndex: Int64? { values.isEmpty ? nil : firstIndex + Int64(values.count) - 1 }

    /// Records a value observed at `time`. Values for buckets already completed are ignored.
    public mutating func record(_ value: Double, at time: Date) {
        guard value.isFinite, value >= 0 else { return }
        let bucket = index(of: time)
        if let last = lastIndex, bucket <= last { return }
        if let open = openIndex, open != bucket { close() }
        if openIndex == nil {
            openIndex = bucket
            openSum = 0
            openCount = 0
        }
        openSum += value
        openCount += 1
    }

    /// Completes the open bucket, filling any skipped buckets with NaN.
    private mutating func close() {
        guard let open = openIndex else { return }
        if let last = lastIndex {
            let gap = Int(open - last - 1)
            if gap > 0 {
                if gap >= capacity {
                    values.removeAll()
                } else {
                    values.append(contentsOf: repeatElement(.nan, count: gap))
                }
            }
        }
        if values.isEmpty { firstIndex = open }
        values.append(openSum / Double(openCount))
        openIndex = nil
        if values.count > capacity {
            let drop = values.count - capacity
            values.removeFirst(drop)
            firstIndex += Int64(drop)
        }
    }

    /// The completed bucket's average, or `nil` when it is missing or outside the history.
    public func value(at bucket: Int64) -> Double? {
        guard bucket >= firstIndex, let last = lastIndex, bucket <= last else { return nil }
        let value = values[Int(bucket - firstIndex)]
        return value.isNaN ? nil : value
    }

    /// Seconds of history held, from the first completed bucket to the end of the last.
    public var span: Int { values.count * bucketSeconds }
}
