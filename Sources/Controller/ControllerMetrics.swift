import CapacityCore
import CoreMetrics
import Foundation
import Prometheus

/// The controller's Prometheus metrics, exposed at `/metrics`.
///
/// Metrics are made through an injected factory over one registry rather than the global
/// `MetricsSystem`, so tests and several controllers in one process never share counters.
public struct ControllerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
    }

    /// The text exposition format, as served at `/metrics`.
    public func exposition() -> String { registry.emitToString() }

    /// A target's labels: the target, its region and its account (empty when not known).
    private static func labels(_ target: TargetReference, _ placement: PlacementLabels) -> [(String, String)] {
        [("target", target.description), ("region", placement.region), ("account", placement.account)]
    }

    func observed(
        _ target: TargetReference, _ placement: PlacementLabels, policy: CapacityPolicy, state: TargetState, readings: [MetricReading],
        decision: Decision
    ) {
        let labels = Self.labels(target, placement)
        gauge("headroom_target_current_units", labels).record(state.desired)
        gauge("headroom_target_running_units", labels).record(state.running)
        gauge("headroom_target_desired_units", labels).record(decision.desired)
        gauge("headroom_target_min_units", labels).record(decision.bounds.min)
        gauge("headroom_target_max_units", labels).record(decision.bounds.max)
        for (metric, reading) in zip(policy.metrics, readings) where reading.status == .ok {
            gauge("headroom_target_metric_value", labels + [("metric", metric.name)]).record(reading.value)
        }
    }

    func decided(_ target: TargetReference, _ placement: PlacementLabels, action: String, decision: Decision) {
        let reason = decision.reasons.last?.code ?? "none"
        counter("headroom_decisions_total", Self.labels(target, placement) + [("action", action), ("reason", reason)]).increment()
    }

    func targetFailed(_ target: TargetReference, _ placement: PlacementLabels, kind: String) {
        counter("headroom_target_errors_total", Self.labels(target, placement) + [("kind", kind)]).increment()
    }

    /// How many of a placement's targets this tick read, and how many the API budget left
    /// for later ticks (`headroom_api_budget_deferred_targets` above 0: served in turn).
    func apiBudget(_ placement: PlacementLabels, served: Int, deferred: Int) {
        let labels = [("region", placement.region), ("account", placement.account)]
        gauge("headroom_api_budget_served_targets", labels).record(served)
        gauge("headroom_api_budget_deferred_targets", labels).record(deferred)
    }

    /// A budgeted API family's client-side rate (below the configured one after AWS
    /// throttled) and the throttles AWS answered so far.
    public func apiRate(family: String, region: String, account: String, rate: Double, throttles: Int) {
        let labels = [("family", family), ("region", region), ("account", account)]
        gauge("headroom_api_budget_rate", labels).record(rate)
        gauge("headroom_api_throttles", labels).record(throttles)
    }

    /// Records one reconcile's wall time.
    public func reconciled(duration: Duration) {
        CoreMetrics.Timer(label: "headroom_reconcile_duration_seconds", dimensions: [], factory: factory).recordNanoseconds(Int64(duration.nanoseconds))
    }

    /// 1 while this replica holds the lease (or runs alone), else 0.
    public func leader(_ isLeader: Bool) {
        gauge("headroom_leader", []).record(isLeader ? 1 : 0)
    }

    /// Records one AWS call: `outcome` is `ok` or the error code.
    public func awsCall(service: String, operation: String, outcome: String, duration: Duration) {
        let labels = [("service", service), ("operation", operation)]
        counter("headroom_aws_calls_total", labels + [("outcome", outcome)]).increment()
        CoreMetrics.Timer(label: "headroom_aws_call_duration_seconds", dimensions: labels, factory: factory).recordNanoseconds(Int64(duration.nanoseconds))
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Gauge {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory)
    }

    private func counter(_ name: String, _ labels: [(String, String)]) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
    }
}

extension Duration {
    var nanoseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }
}
