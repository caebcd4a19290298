import AWSClient
import CapacityCore
import Foundation

/// The GetMetricData calls that answer one tick's CloudWatch queries: identical metrics are
/// asked once, at most ``CloudWatchClient/maxQueriesPerCall`` per call, each call over the
/// look-back window of its queries.
struct CloudWatchBatchPlan: Sendable {
    /// One GetMetricData call.
    struct Call: Sendable {
        var queries: [CloudWatch.MetricDataQuery]
        var startTime: Date
        var endTime: Date
    }

    /// Where an input query's answer will be, or why it cannot be asked.
    enum Slot: Sendable, Hashable {
        /// Result `id` of call `call`, for a metric with `period` and look-back `lookback` seconds,
        /// read as `missingData` says when no datapoint came back.
        case asked(call: Int, id: String, period: Int, lookback: Int, missingData: CloudWatchMetric.MissingData)
        /// Not asked; the reading is this.
        case answered(MetricReading)
    }

    private(set) var calls: [Call] = []
    /// One slot per input query, in input order.
    private(set) var slots: [Slot] = []

    /// Plans the calls for `queries` at `now`.
    /// - Parameters:
    ///   - lookbackPeriods: The window covers this many periods of each metric...
    ///   - minimumLookback: ...and at least this many seconds.
    ///   - maxQueriesPerCall: At most this many queries per call.
    init(queries: [MetricQuery], now: Date, lookbackPeriods: Int, minimumLookback: Int, maxQueriesPerCall: Int) {
        var distinct: [CloudWatch.MetricStat] = []
        var indexOfStat: [CloudWatch.MetricStat: Int] = [:]
        /// Per input query: the index of its distinct metric, or why it cannot be asked.
        var distinctIndexOfQuery: [Result<Int, Problem>] = []
        for query in queries {
            distinctIndexOfQuery.append(Self.metricStat(for: query).map { stat in
                if let existing = indexOfStat[stat] { return existing }
                indexOfStat[stat] = distinct.count
                distinct.append(stat)
                return distinct.count - 1
            })
        }

        // Same periods together, so each call's start can align to all of its periods.
        let order = distinct.indices.sorted { (distinct[$0].period, $0) < (distinct[$1].period, $1) }
        var placement = [(call: Int, id: String)](repeating: (0, ""), count: distinct.count)
        let chunkSize = max(1, min(maxQueriesPerCall, CloudWatchClient.maxQueriesPerCall))
        var chunkStart = 0
        while chunkStart < order.count {
            let chunk = order[chunkStart..<min(chunkStart + chunkSize, order.count)]
            let callIndex = calls.count
            var queriesOfCall: [CloudWatch.MetricDataQuery] = []
            var longestLookback = 0
            var alignment = 1
            for distinctIndex in chunk {
                let stat = distinct[distinctIndex]
                let id = "m\(distinctIndex)"
                placement[distinctIndex] = (callIndex, id)
                queriesOfCall.append(CloudWatch.MetricDataQuery(id: id, metricStat: stat, returnData: true))
                longestLookback = max(longestLookback, Self.lookback(period: stat.period, periods: lookbackPeriods, minimum: minimumLookback))
                alignment = Self.alignment(alignment, stat.period)
            }
            let earliest = now.timeIntervalSince1970 - Double(longestLookback)
            let start = (earliest / Double(alignment)).rounded(.down) * Double(alignment)
            let end = now.timeIntervalSince1970.rounded(.up)
            calls.append(Call(
                queries: queriesOfCall, startTime: Date(timeIntervalSince1970: start),
                endTime: Date(timeIntervalSince1970: max(end, start + 1))
            ))
            chunkStart += chunkSize
        }

        for (query, entry) in zip(queries, distinctIndexOfQuery) {
            switch entry {
            case .success(let distinctIndex):
                let period = distinct[distinctIndex].period
                // Two queries of one metric share its call and may still read a gap differently.
                let missingData: CloudWatchMetric.MissingData = if case .cloudWatch(let metric) = query { metric.missingData } else { .missing }
                slots.append(.asked(
                    call: placement[distinctIndex].call, id: placement[distinctIndex].id, period: period,
                    lookback: Self.lookback(period: period, periods: lookbackPeriods, minimum: minimumLookback),
                    missingData: missingData
                ))
            case .failure(let problem):
                slots.append(.answered(.unavailable(problem.reason)))
            }
        }
    }

    static func lookback(period: Int, periods: Int, minimum: Int) -> Int {
        max(period * max(1, periods), minimum)
    }

    /// The least common multiple of the alignment so far and `period`, or the larger of the
    /// two when that multiple would exceed a day (the start then aligns to the longest period).
    private static func alignment(_ current: Int, _ period: Int) -> Int {
        let lcm = current / gcd(current, period) * period
        return lcm <= 86_400 ? lcm : max(current, period)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    struct Problem: Error {
        var reason: String
    }

    /// The GetMetricData form of a CloudWatch query; dimensions are sorted so that the same
    /// metric written in another order is asked once.
    static func metricStat(for query: MetricQuery) -> Result<CloudWatch.MetricStat, Problem> {
        guard case .cloudWatch(let metric) = query else {
            return .failure(Problem(reason: "not a CloudWatch query: \(query.displayName)"))
        }
        return metricStat(for: metric)
    }

    static func metricStat(for metric: CloudWatchMetric, period: Int? = nil) -> Result<CloudWatch.MetricStat, Problem> {
        let period = period ?? metric.periodSeconds
        guard !metric.namespace.isEmpty, !metric.metricName.isEmpty else {
            return .failure(Problem(reason: "invalid CloudWatch query: the namespace and the metric name must not be empty"))
        }
        guard CloudWatch.isValidPeriod(period) else {
            return .failure(Problem(
                reason: "invalid CloudWatch query: period \(period) s is not 1, 5, 10, 20, 30 or a multiple of 60"))
        }
        guard !metric.statistic.isEmpty else {
            return .failure(Problem(reason: "invalid CloudWatch query: no statistic"))
        }
        let dimensions = metric.dimensions
            .map { CloudWatch.Dimension(name: $0.name, value: $0.value) }
            .sorted { ($0.name, $0.value) < ($1.name, $1.value) }
        let cloudWatchMetric = CloudWatch.Metric(namespace: metric.namespace, metricName: metric.metricName, dimensions: dimensions)
        return .success(CloudWatch.MetricStat(metric: cloudWatchMetric, period: period, stat: metric.statistic))
    }
}
