import AWSClient
import CapacityCore
import Foundation

extension CloudWatchMetricSource {
    /// The most `NextToken` pages one history read follows (100,800 datapoints each at most).
    static let maxHistoryPages = 1_000

    /// A CloudWatch metric's history: GetMetricData with `Period` = `step` and the query's
    /// statistic (its own period is ignored), every page, oldest first.
    ///
    /// `step` must be a period CloudWatch accepts (1, 5, 10, 20, 30 s or a multiple of 60 s).
    /// CloudWatch keeps one-minute datapoints for 15 days, five-minute ones for 63 days and
    /// hourly ones for 455 days: ask for older data at a coarser step, or it comes back empty.
    /// The start is aligned down to a multiple of `step`, as CloudWatch counts periods from it.
    /// - Throws: ``MetricHistoryError``; `CancellationError` when the task is cancelled.
    public func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
        try await histories([query], from: from, to: to, step: step)[0].get()
    }

    /// Many metrics' histories in as few calls as CloudWatch allows: up to
    /// `Configuration.maxQueriesPerCall` (500) distinct metrics per GetMetricData (every page
    /// of it), a metric asked twice read once. A call that fails fails the metrics in it.
    /// - Throws: only `CancellationError`.
    public func histories(_ queries: [MetricQuery], from: Date, to: Date, step: Duration) async throws
        -> [Result<[(Date, Double)], MetricHistoryError>]
    {
        var results = [Result<[(Date, Double)], MetricHistoryError>?](repeating: nil, count: queries.count)
        guard let stepSeconds = step.wholeSeconds, stepSeconds > 0 else {
            return queries.map { .failure(.invalidRange($0, reason: "the step \(step) is not a whole number of seconds")) }
        }
        guard from < to else {
            return queries.map { .failure(.invalidRange($0, reason: "the range \(from) to \(to) is empty")) }
        }
        // Distinct metric stats, each with the queries that asked for it.
        var stats: [CloudWatch.MetricStat] = []
        var askers: [CloudWatch.MetricStat: [Int]] = [:]
        for (index, query) in queries.enumerated() {
            guard case .cloudWatch(let metric) = query else {
                results[index] = .failure(.unsupportedQuery(query, reason: "the CloudWatch source reads CloudWatch metrics only"))
                continue
            }
            switch CloudWatchBatchPlan.metricStat(for: metric, period: stepSeconds) {
            case .success(let stat):
                if askers[stat] == nil { stats.append(stat) }
                askers[stat, default: []].append(index)
            case .failure(let problem):
                results[index] = .failure(.invalidRange(query, reason: problem.reason))
            }
        }
        let start = (from.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down) * Double(stepSeconds)
        var offset = 0
        while offset < stats.count {
            let chunk = Array(stats[offset..<Swift.min(offset + configuration.maxQueriesPerCall, stats.count)])
            offset += chunk.count
            let input = CloudWatch.GetMetricDataInput(
                queries: chunk.enumerated().map { CloudWatch.MetricDataQuery(id: "h\($0.offset)", metricStat: $0.element, returnData: true) },
                startTime: Date(timeIntervalSince1970: start), endTime: to, scanBy: .timestampAscending)
            let output: CloudWatch.GetMetricDataOutput?
            var failure: String?
            do {
                output = try await client.getMetricDataAllPages(input, maxPages: Self.maxHistoryPages)
            } catch let error as CancellationError {
                throw error
            } catch {
                output = nil
                failure = Self.describe(error)
            }
            for (position, stat) in chunk.enumerated() {
                let answer = Self.series(output?.result(id: "h\(position)"), failure: failure, from: from, to: to, stepSeconds: stepSeconds)
                for index in askers[stat] ?? [] {
                    results[index] = answer.mapError { MetricHistoryError.sourceFailed(queries[index], reason: $0.reason) }
                }
            }
        }
        return results.enumerated().map { index, result in
            result ?? .failure(.sourceFailed(queries[index], reason: "no answer"))
        }
    }

    /// Why one metric's series could not be had.
    struct SeriesFailure: Error {
        var reason: String
    }

    /// One result's points inside `[from, to)`, oldest first, or why there are none.
    static func series(
        _ result: CloudWatch.MetricDataResult?, failure: String?, from: Date, to: Date, stepSeconds: Int
    ) -> Result<[(Date, Double)], SeriesFailure> {
        if let failure { return .failure(SeriesFailure(reason: failure)) }
        guard let result else { return .failure(SeriesFailure(reason: "CloudWatch returned no result")) }
        if let status = result.statusCode, status.isFailure {
            let details = result.messages.map(\.description).joined(separator: "; ")
            return .failure(SeriesFailure(reason: "CloudWatch answered \(status)" + (details.isEmpty ? "" : ": \(details)")))
        }
        let fromSeconds = from.timeIntervalSince1970
        let toSeconds = to.timeIntervalSince1970
        var byTime: [Double: Double] = [:]
        for (timestamp, value) in zip(result.timestamps, result.values) {
            let seconds = timestamp.timeIntervalSince1970
            guard value.isFinite, seconds >= fromSeconds, seconds + Double(stepSeconds) <= toSeconds else { continue }
            byTime[seconds] = value
        }
        return .success(byTime.keys.sorted().map { (Date(timeIntervalSince1970: $0), byTime[$0]!) })
    }
}

extension Duration {
    /// The duration in whole seconds, or `nil` when it has a fraction of a second.
    var wholeSeconds: Int? {
        let parts = components
        guard parts.attoseconds == 0, parts.seconds <= Int64(Int.max) else { return nil }
        return Int(parts.seconds)
    }
}
