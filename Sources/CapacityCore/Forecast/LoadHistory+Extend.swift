import Foundation

extension LoadHistory {
    /// Appends the completed buckets of `newer` that come after this history's last one, at this
    /// history's resolution. The daemon reads a target's past in the background while its ticks
    /// keep recording live load; when the past arrives, the live buckets recorded meanwhile are
    /// carried over onto it instead of being lost.
    public mutating func extend(with newer: LoadHistory) {
        guard let newerLast = newer.lastIndex else { return }
        let after = lastIndex ?? (newer.firstIndex - 1)
        var index = newer.firstIndex
        while index <= newerLast {
            // Bucket index × newer's width is the bucket's start time.
            if let value = newer.value(at: index) {
                let start = Date(timeIntervalSince1970: Double(index) * Double(newer.bucketSeconds))
                if self.index(of: start) > after { record(value, at: start) }
            }
            index += 1
        }
    }
}
