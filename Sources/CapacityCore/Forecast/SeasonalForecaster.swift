import Foundation

/// What the forecaster expects over the coming horizon, in units needed at the target.
public struct LoadForecast: Sendable, Hashable, Codable {
    /// The highest predicted load in the horizon.
    public var peak: Double
    /// How far the seasons disagree at that peak (highest candidate minus the median):
    /// a cheap, honest measure of how wrong the forecast may be.
    public var uncertainty: Double
    /// How many seasons contributed.
    public var seasons: Int
}

/// A seasonal-naive forecast with a level correction, chosen because it is explainable,
/// needs no fitting, and degrades gracefully:
///
/// For each season `s` (a day, two days, a week) the load one season ago is scaled by how
/// today's level (the mean of the last hour) compares with the level one season ago, which
/// carries growth and decline forward (the trend). Each future bucket takes the **median** of
/// the seasons' candidates, so one odd day — a missing day, a one-off spike — does not steer
/// it. With no season available (less history than the shortest season) there is no forecast
/// and the policy stays reactive.
public enum SeasonalForecaster {
    /// Ratios of today's level to a past level are kept within this range, so a near-empty
    /// past hour cannot multiply a forecast into absurdity.
    static let ratioRange: ClosedRange<Double> = 0.5...2.0

    public static func forecast(
        _ history: LoadHistory, now: Date, horizonSeconds: Int, seasonsSeconds: [Int]
    ) -> LoadForecast? {
        guard let last = history.lastIndex else { return nil }
        let bucket = Int64(history.bucketSeconds)
        let first = history.index(of: now)
        let end = history.index(of: now.addingTimeInterval(Double(horizonSeconds)))
        let levelBuckets = Swift.max(1, Int64(3600) / bucket)
        guard let recent = level(history, endingAt: last, buckets: levelBuckets) else { return nil }

        var seasons: [(lag: Int64, ratio: Double)] = []
        for season in seasonsSeconds {
            let lag = Int64(season) / bucket
            guard lag > 0 else { continue }
            let ratio: Double
            if let past = level(history, endingAt: last - lag, buckets: levelBuckets) {
                ratio = levelRatio(recent: recent, past: past)
            } else {
                // The hour a season ago is missing: use that season's shape without a level correction.
                ratio = 1
            }
            seasons.append((lag, ratio))
        }
        guard !seasons.isEmpty else { return nil }

        var peak = -Double.infinity
        var uncertainty = 0.0
        var used = 0
        var candidates: [Double] = []
        candidates.reserveCapacity(seasons.count)
        for future in first...Swift.max(first, end) {
            candidates.removeAll(keepingCapacity: true)
            for season in seasons {
                if let past = history.value(at: future - season.lag) {
                    candidates.append(past * season.ratio)
                }
            }
            guard !candidates.isEmpty else { continue }
            candidates.sort()
            let median = median(ofSorted: candidates)
            if median > peak {
                peak = median
                uncertainty = candidates.last! - median
            }
            used = Swift.max(used, candidates.count)
        }
        guard peak.isFinite else { return nil }
        return LoadForecast(peak: peak, uncertainty: uncertainty, seasons: used)
    }

    /// Today's level over a past one, kept within ``ratioRange``.
    static func levelRatio(recent: Double, past: Double) -> Double {
        if past <= 1e-9 { return recent <= 1e-9 ? 1 : ratioRange.upperBound }
        return Swift.min(Swift.max(recent / past, ratioRange.lowerBound), ratioRange.upperBound)
    }

    /// Mean of the present buckets among the `buckets` ending at `end`; `nil` when fewer
    /// than half are present.
    static func level(_ history: LoadHistory, endingAt end: Int64, buckets: Int64) -> Double? {
        var sum = 0.0
        var count: Int64 = 0
        var index = end - buckets + 1
        while index <= end {
            if let value = history.value(at: index) {
                sum += value
                count += 1
            }
            index += 1
        }
        guard count * 2 >= buckets, count > 0 else { return nil }
        return sum / Double(count)
    }

    static func median(ofSorted values: [Double]) -> Double {
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
}
