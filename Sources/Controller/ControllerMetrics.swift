import CapacityCore
import Foundation
import Prometheus

/// The controller's Prometheus metrics, exposed at `/metrics`.
///
/// Every family is made through one registry with its `# HELP` text (``Family``), so
/// `promtool check metrics` has nothing to say; each controller owns its registry, so tests
/// and several controllers in one process never share counters.
public struct ControllerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
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
        gauge(.currentUnits, labels).set(Int64(state.desired))
        gauge(.runningUnits, labels).set(Int64(state.running))
        gauge(.desiredUnits, labels).set(Int64(decision.desired))
        gauge(.minUnits, labels).set(Int64(decision.bounds.min))
        gauge(.maxUnits, labels).set(Int64(decision.bounds.max))
        gauge(.lastDecision, labels).set(decision.time.timeIntervalSince1970)
        gauge(.pinned, labels + [("bound", "min")]).set(Self.indicator(decision.desired <= decision.bounds.min))
        gauge(.pinned, labels + [("bound", "max")]).set(Self.indicator(decision.desired >= decision.bounds.max))
        for (metric, reading) in zip(policy.metrics, readings) {
            let metricLabels = labels + [("metric", metric.name)]
            gauge(.metricTarget, metricLabels).set(metric.targetValue)
            if reading.status == .ok { gauge(.metricValue, metricLabels).set(reading.value) }
        }
    }

    func decided(_ target: TargetReference, _ placement: PlacementLabels, action: String, decision: Decision) {
        let reason = decision.reasons.last?.code ?? "none"
        counter(.decisions, Self.labels(target, placement) + [("action", action), ("reason", reason)]).increment()
    }

    /// A write to the target succeeded at `time`.
    func actuated(_ target: TargetReference, _ placement: PlacementLabels, at time: Date) {
        gauge(.lastActuation, Self.labels(target, placement)).set(time.timeIntervalSince1970)
    }

    func targetFailed(_ target: TargetReference, _ placement: PlacementLabels, kind: String) {
        counter(.targetErrors, Self.labels(target, placement) + [("kind", kind)]).increment()
    }

    /// How many of a placement's targets this tick decided and described under the API
    /// budget, and how many it did not decide (`headroom_api_budget_deferred_targets`).
    func apiBudget(_ placement: PlacementLabels, served: Int, described: Int, deferred: Int) {
        let labels = [("region", placement.region), ("account", placement.account)]
        gauge(.budgetServed, labels).set(Int64(served))
        gauge(.budgetDescribed, labels).set(Int64(described))
        gauge(.budgetDeferred, labels).set(Int64(deferred))
    }

    /// A budgeted API family's client-side rate (below the configured one after AWS
    /// throttled) and the throttles AWS answered so far.
    public func apiRate(family: String, region: String, account: String, rate: Double, throttles: Int) {
        let labels = [("family", family), ("region", region), ("account", account)]
        gauge(.budgetRate, labels).set(rate)
        gauge(.throttles, labels).set(Int64(throttles))
    }

    /// Records one reconcile: its wall time, when it ran, and how many targets it had and lost.
    public func reconciled(duration: Duration, at time: Date? = nil, targets: Int? = nil, failed: Int? = nil) {
        registry.makeDurationHistogram(descriptor: Family.reconcileDuration.descriptor, labels: [], buckets: Self.durationBuckets)
            .record(duration)
        if let time { gauge(.lastReconcile, []).set(time.timeIntervalSince1970) }
        if let targets { gauge(.reconcileTargets, []).set(Int64(targets)) }
        if let failed { gauge(.reconcileFailedTargets, []).set(Int64(failed)) }
    }

    /// 1 while this replica holds the lease (or runs alone), else 0.
    public func leader(_ isLeader: Bool) {
        gauge(.leader, []).set(Self.indicator(isLeader))
    }

    /// 1 while the lease table cannot be read or written (this replica is then neither leader
    /// nor a healthy standby), else 0.
    public func leaseFailing(_ failing: Bool) {
        gauge(.leaseError, []).set(Self.indicator(failing))
    }

    /// Records one AWS call: `outcome` is `ok` or the error code.
    public func awsCall(service: String, operation: String, outcome: String, duration: Duration) {
        let labels = [("service", service), ("operation", operation)]
        counter(.awsCalls, labels + [("outcome", outcome)]).increment()
        registry.makeDurationHistogram(descriptor: Family.awsCallDuration.descriptor, labels: labels, buckets: Self.durationBuckets)
            .record(duration)
    }

    /// 1 for true, 0 for false: the value of a yes/no gauge.
    private static func indicator(_ flag: Bool) -> Double { flag ? 1 : 0 }

    private func gauge(_ family: Family, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: family.descriptor, labels: labels)
    }

    private func counter(_ family: Family, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: family.descriptor, labels: labels)
    }
}

extension ControllerMetrics {
    /// Every metric family `/metrics` can show, with the help text an operator reads in
    /// Prometheus or Grafana. The dashboard and alert rules in `deploy/` use these names.
    enum Family: String, CaseIterable {
        case currentUnits = "headroom_target_current_units"
        case runningUnits = "headroom_target_running_units"
        case desiredUnits = "headroom_target_desired_units"
        case minUnits = "headroom_target_min_units"
        case maxUnits = "headroom_target_max_units"
        case pinned = "headroom_target_pinned"
        case metricValue = "headroom_target_metric_value"
        case metricTarget = "headroom_target_metric_target_value"
        case lastDecision = "headroom_target_last_decision_timestamp_seconds"
        case lastActuation = "headroom_target_last_actuation_timestamp_seconds"
        case decisions = "headroom_decisions_total"
        case targetErrors = "headroom_target_errors_total"
        case reconcileDuration = "headroom_reconcile_duration_seconds"
        case lastReconcile = "headroom_last_reconcile_timestamp_seconds"
        case reconcileTargets = "headroom_reconcile_targets"
        case reconcileFailedTargets = "headroom_reconcile_failed_targets"
        case leader = "headroom_leader"
        case leaseError = "headroom_lease_error"
        case awsCalls = "headroom_aws_calls_total"
        case awsCallDuration = "headroom_aws_call_duration_seconds"
        case budgetServed = "headroom_api_budget_served_targets"
        case budgetDescribed = "headroom_api_budget_described_targets"
        case budgetDeferred = "headroom_api_budget_deferred_targets"
        case budgetRate = "headroom_api_budget_rate"
        case throttles = "headroom_api_throttles"

        var help: String {
            switch self {
            case .currentUnits: "Desired count AWS reported for the target at the last reconcile, before any write (tasks or instances)."
            case .runningUnits: "Units running and in service at the last reconcile."
            case .desiredUnits: "Desired count Headroom decided at the last reconcile."
            case .minUnits: "Effective minimum capacity at the last reconcile (policy, schedules and the target's own bounds)."
            case .maxUnits: "Effective maximum capacity at the last reconcile (policy, schedules and the target's own bounds)."
            case .pinned: "1 when the decided count sits at the effective bound (bound=min or bound=max), else 0."
            case .metricValue: "Latest value of each policy metric the last reconcile read."
            case .metricTarget: "The policy's TargetValue for each metric."
            case .lastDecision: "Unix time of the last decision made for the target."
            case .lastActuation: "Unix time of the last successful write to the target."
            case .decisions: "Decisions that changed or held back capacity, by action and by the reason that decided them."
            case .targetErrors: "Target reads or writes that failed, by kind (throttled, access_denied, not_found, ...)."
            case .reconcileDuration: "Wall time of one reconcile of every target."
            case .lastReconcile: "Unix time of the last completed reconcile."
            case .reconcileTargets: "Targets in the last reconcile."
            case .reconcileFailedTargets: "Targets whose read, decision or write failed in the last reconcile."
            case .leader: "1 while this replica holds the lease or runs as the only replica, else 0."
            case .leaseError: "1 while the lease table cannot be read or written, else 0."
            case .awsCalls: "AWS requests sent, retries included, by service, operation and outcome (ok or the AWS error code)."
            case .awsCallDuration: "Wall time of one AWS request, by service and operation."
            case .budgetServed: "Targets of a region and account decided in the last reconcile of a budgeted placement (on counts described then or earlier)."
            case .budgetDescribed: "Targets of a region and account described in the last reconcile within the API budget; below the targets, each is described in turn and first when its decision would write."
            case .budgetDeferred: "Targets of a region and account the last reconcile did not decide (no recent counts, or a write waiting for a describe); above 0 after warm-up the budget is short."
            case .budgetRate: "Client-side request rate per second of a budgeted API family; below the configured rate after AWS throttled."
            case .throttles: "Throttling answers AWS gave a budgeted API family since the daemon started."
            }
        }

        var descriptor: MetricNameDescriptor {
            MetricNameDescriptor(metricName: rawValue, unitName: "", helpText: help)
        }
    }
}
