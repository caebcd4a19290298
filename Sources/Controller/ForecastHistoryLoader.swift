import CapacityCore
import Foundation
import MetricSources

/// Seeds a forecast's load history from a metric source's past (CloudWatch GetMetricData,
/// Prometheus `query_range`), so a new or restarted daemon plans ahead at once instead of
/// after a day of watching.
///
/// Load is in units needed at the target, as the planner records it live: a total metric's
/// value over its target; an average metric's value times the units that produced it, read
/// from the target's own capacity history (Container Insights' `RunningTaskCount` for ECS,
/// `GroupInServiceInstances` for Auto Scaling groups, which need group metrics enabled).
public struct ForecastHistoryLoader: Sendable {
    let source: any MetricHistorySource

    public init(source: any MetricHistorySource) {
        self.source = source
    }

    /// The seeded history for `policy` at `now`, or `nil` when it has no forecast.
    /// - Throws: ``MetricHistoryError`` from the source, naming the query.
    public func history(for policy: CapacityPolicy, at now: Date) async throws -> LoadHistory? {
        try await histories(for: [policy], at: now)[0].get()
    }

    /// The seeded histories of many policies at `now`, one result per policy in order (`nil`
    /// for a policy without a forecast). The metrics of all the policies that share a range and
    /// bucket are read in one batch (CloudWatch: 500 per GetMetricData), so a daemon with a
    /// thousand forecasting targets starts with a few dozen calls, not two thousand.
    /// - Throws: only `CancellationError`; a policy whose read failed gets the failure.
    public func histories(for policies: [CapacityPolicy], at now: Date) async throws -> [Result<LoadHistory?, MetricHistoryError>] {
        var results = [Result<LoadHistory?, MetricHistoryError>](repeating: .success(nil), count: policies.count)
        var groups: [HistoryRange: [Int]] = [:]
        var order: [HistoryRange] = []
        for (index, policy) in policies.enumerated() {
            guard let forecast = policy.forecast, case .targetTracking = policy.strategy else { continue }
            let range = HistoryRange(bucketSeconds: forecast.bucketSeconds, historySeconds: forecast.historySeconds)
            if groups[range] == nil { order.append(range) }
            groups[range, default: []].append(index)
        }
        for range in order {
            let members = groups[range] ?? []
            var queries: [MetricQuery] = []
            var seen: Set<MetricQuery> = []
            for index in members {
                for query in Self.queries(for: policies[index], bucketSeconds: range.bucketSeconds) where seen.insert(query).inserted {
                    queries.append(query)
                }
            }
            let from = now.addingTimeInterval(-Double(range.historySeconds))
            let answers = try await source.histories(queries, from: from, to: now, step: .seconds(range.bucketSeconds))
            var series: [MetricQuery: Result<[(Date, Double)], MetricHistoryError>] = [:]
            for (query, answer) in zip(queries, answers) { series[query] = answer }
            for index in members {
                results[index] = Result { () throws(MetricHistoryError) in try Self.history(for: policies[index], range: range, series: series) }
            }
        }
        return results
    }

    /// What one batch shares: the step and how far back.
    struct HistoryRange: Hashable {
        var bucketSeconds: Int
        var historySeconds: Int
    }

    /// The metrics `policy`'s history is made from: its own, and its target's running units
    /// when a metric is an average.
    static func queries(for policy: CapacityPolicy, bucketSeconds: Int) -> [MetricQuery] {
        guard case .targetTracking(let tracking) = policy.strategy else { return [] }
        var queries = tracking.metrics.map(\.source)
        if tracking.metrics.contains(where: { $0.valueType == .average }),
            let capacity = policy.target?.capacityHistoryQuery(periodSeconds: bucketSeconds)
        {
            queries.append(capacity)
        }
        return queries
    }

    /// One policy's load history from the series read for its batch.
    static func history(
        for policy: CapacityPolicy, range: HistoryRange, series: [MetricQuery: Result<[(Date, Double)], MetricHistoryError>]
    ) throws(MetricHistoryError) -> LoadHistory? {
        guard case .targetTracking(let tracking) = policy.strategy else { return nil }
        // Every query of the policy was in its batch (``queries(for:bucketSeconds:)``).
        func points(_ query: MetricQuery) throws(MetricHistoryError) -> [(Date, Double)] {
            try (series[query] ?? .success([])).get()
        }
        var load: [Date: Double] = [:]
        var units: [Date: Double]?
        for metric in tracking.metrics {
            let values = try points(metric.source)
            var multiplier: [Date: Double]?
            if metric.valueType == .average {
                if units == nil {
                    guard let query = policy.target?.capacityHistoryQuery(periodSeconds: range.bucketSeconds) else { continue }
                    units = Dictionary(try points(query), uniquingKeysWith: { $1 })
                }
                multiplier = units
            }
            for (time, value) in values {
                var measured = 0.0
                if let multiplier {
                    guard let count = multiplier[time] else { continue }
                    measured = count
                }
                let needed = metric.unitsNeeded(value: value, measuredUnits: measured)
                guard needed.isFinite, needed >= 0 else { continue }
                // The largest over the metrics, as the planner records live load.
                load[time] = Swift.max(load[time] ?? 0, needed)
            }
        }
        var history = LoadHistory(bucketSeconds: range.bucketSeconds, capacity: Swift.max(1, range.historySeconds / range.bucketSeconds))
        for time in load.keys.sorted() {
            history.record(load[time]!, at: time)
        }
        return history
    }
}

extension TargetReference {
    /// The CloudWatch metric that counts this target's running units over time.
    func capacityHistoryQuery(periodSeconds: Int) -> MetricQuery? {
        switch self {
        case .ecsService(let cluster, let service):
            .cloudWatch(CloudWatchMetric(
                namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount",
                dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: service)],
                statistic: "Average", periodSeconds: periodSeconds))
        case .autoScalingGroup(let name):
            .cloudWatch(CloudWatchMetric(
                namespace: "AWS/AutoScaling", metricName: "GroupInServiceInstances",
                dimensions: [.init(name: "AutoScalingGroupName", value: name)], statistic: "Average", periodSeconds: periodSeconds))
        }
    }
}
