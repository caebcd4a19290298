import CapacityCore
import Foundation

/// Something that can read a metric's past: the daemon seeds its forecast history with it
/// (14 days at start-up) and `headroom trace export` turns it into a simulator trace.
public protocol MetricHistorySource: Sendable {
    /// The metric's values over `[from, to)` on a grid of `step`, oldest first.
    ///
    /// A point at time `t` covers `[t, t + step)` and is returned only when `from ≤ t` and
    /// `t + step ≤ to`, so a period still open at `to` is left out. Times where the source
    /// has no finite value are absent (never zero): callers see gaps as gaps.
    /// - Throws: ``MetricHistoryError`` naming the query and what went wrong.
    func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)]
}

extension MetricRouter: MetricHistorySource {
    /// Sends the history request to the source for the query's kind.
    /// - Throws: ``MetricHistoryError`` when that source is not configured or cannot read history.
    public func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
        let source: (any MetricSource)?
        switch query {
        case .cloudWatch: source = cloudWatch
        case .prometheus: source = prometheus
        case .simulatedUtilization: source = nil
        }
        guard let source else {
            throw MetricHistoryError.unsupportedQuery(query, reason: "no source is configured for this kind of metric")
        }
        guard let historySource = source as? any MetricHistorySource else {
            throw MetricHistoryError.unsupportedQuery(query, reason: "the configured source cannot read history")
        }
        return try await historySource.history(query, from: from, to: to, step: step)
    }
}

extension MetricQuery {
    /// A short human name for messages: the CloudWatch metric or the PromQL expression.
    public var displayName: String {
        switch self {
        case .cloudWatch(let metric):
            let dimensions = metric.dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            let scope = dimensions.isEmpty ? "" : "{\(dimensions)}"
            return "CloudWatch \(metric.namespace) \(metric.metricName)\(scope) \(metric.statistic)/\(metric.periodSeconds)s"
        case .prometheus(let query):
            return "PromQL `\(query)`"
        case .simulatedUtilization:
            return "simulated utilization"
        }
    }
}
