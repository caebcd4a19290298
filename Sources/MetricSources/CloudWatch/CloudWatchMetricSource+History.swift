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
        guard case .cloudWatch(let metric) = query else {
            throw MetricHistoryError.unsupportedQuery(query, reason: "the CloudWatch source reads CloudWatch metrics only")
        }
        guard let stepSeconds = step.wholeSeconds, stepSeconds > 0 else {
            throw MetricHistoryError.invalidRange(query, reason: "the step \(step) is not a whole number of seconds")
        }
        guard from < to else {
            throw MetricHistoryError.invalidRange(query, reason: "the range \(from) to \(to) is empty")
        }
        let stat: CloudWatch.MetricStat
        switch CloudWatchBatchPlan.metricStat(for: metric, period: stepSeconds) {
        case .success(let value): stat = value
        case .failure(let problem): throw MetricHistoryError.invalidRange(query, reason: problem.reason)
        }
        let fromSeconds = from.timeIntervalSince1970
        let toSeconds = to.timeIntervalSince1970
        let start = (fromSeconds / Double(stepSeconds)).rounded(.down) * Double(stepSeconds)
        let input = CloudWatch.GetMetricDataInput(
            queries: [CloudWatch.MetricDataQuery(id: "history", metricStat: stat, returnData: true)],
            startTime: Date(timeIntervalSince1970: start), endTime: to, scanBy: .timestampAscending
        )
        let output: CloudWatch.GetMetricDataOutput
        do {
            output = try await client.getMetricDataAllPages(input, maxPages: Self.maxHistoryPages)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw MetricHistoryError.sourceFailed(query, reason: Self.describe(error))
        }
        guard let result = output.result(id: "history") else {
            throw MetricHistoryError.sourceFailed(query, reason: "CloudWatch returned no result")
        }
        if let status = result.statusCode, status.isFailure {
            let details = result.messages.map(\.description).joined(separator: "; ")
            throw MetricHistoryError.sourceFailed(query, reason: "CloudWatch answered \(status)" + (details.isEmpty ? "" : ": \(details)"))
        }
        var byTime: [Double: Double] = [:]
        for (timestamp, value) in zip(result.timestamps, result.values) {
            let seconds = timestamp.timeIntervalSince1970
            guard value.isFinite, seconds >= fromSeconds, seconds + Double(stepSeconds) <= toSeconds else { continue }
            byTime[seconds] = value
        }
        return byTime.keys.sorted().map { (Date(timeIntervalSince1970: $0), byTime[$0]!) }
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
