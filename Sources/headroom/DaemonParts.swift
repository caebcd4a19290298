import Controller
import MetricSources

/// What the daemon talks to: AWS (targets, lease, state) and metric sources.
struct DaemonParts {
    /// Targets and their metrics, per placement (region and role).
    var connections: AWSTargetConnections
    /// Where forecast history is read at start-up (the same sources as the live metrics).
    var history: (any MetricHistorySource)?
    var leaseStore: (any LeaseStore)?
    var stateStore: any DecisionStateStore
    /// STS GetCallerIdentity: whether the credentials work.
    var checkCredentials: @Sendable () async -> Bool
}
