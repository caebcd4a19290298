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
        guard let forecast = policy.forecast, case .targetTracking(let tracking) = policy.strategy else { return nil }
        let step = Duration.seconds(forecast.bucketSeconds)
        let from = now.addingTimeInterval(-Double(forecast.historySeconds))
        var load: [Date: Double] = [:]
        var units: [Date: Double]?
        for metric in tracking.metrics {
            let points = try await source.history(metric.source, from: from, to: now, step: step)
            var multiplier: [Date: Double]?
            if metric.valueType == .average {
                if units == nil {
                    guard let query = policy.target?.capacityHistoryQuery(periodSeconds: forecast.bucketSeconds) else { continue }
                    units = Dictionary(try await source.history(query, from: from, to: now, step: step), uniquingKeysWith: { $1 })
                }
                multiplier = units
            }
            for (time, value) in points {
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
        var history = LoadHistory(
            bucketSeconds: forecast.bucketSeconds, capacity: Swift.max(1, forecast.historySeconds / forecast.bucketSeconds))
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
