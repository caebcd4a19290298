import AWSClient
import CapacityCore
import Foundation

/// AWS's own scaling on a target, read and suspended through the service that runs it:
/// Application Auto Scaling for ECS services (`SuspendedState` on the scalable target),
/// EC2 Auto Scaling for groups (`SuspendProcesses`/`ResumeProcesses`).
///
/// Reading costs two calls per target (policies, scheduled actions), three when there is
/// something (the suspension state). The reconciler reads only targets it is about to write.
extension AWSCapacityBackend {
    public func awsScaling(of target: TargetReference) async throws(TargetError) -> ForeignScaling {
        do {
            switch target {
            case .ecsService(let cluster, let service):
                return try await applicationAutoScalingScaling(of: .ecsService(cluster: cluster, service: service))
            case .autoScalingGroup(let name):
                return try await autoScalingScaling(of: name)
            }
        } catch {
            throw TargetError(error, target: target, while: "reading AWS's own scaling policies and scheduled actions")
        }
    }

    public func suspendAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError) {
        try await setSuspension(target, switches, on: true)
    }

    public func resumeAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError) {
        try await setSuspension(target, switches, on: false)
    }

    /// The scaling policies and scheduled actions Application Auto Scaling holds for `id`.
    func applicationAutoScalingPoliciesAndActions(
        of id: ApplicationAutoScaling.TargetID
    ) async throws -> ([ApplicationAutoScaling.ScalingPolicy], [ApplicationAutoScaling.ScheduledAction]) {
        let policies = try await applicationAutoScaling.describeScalingPolicies(
            namespace: id.namespace, resourceID: id.resourceID, dimension: id.dimension
        ).filter { $0.resourceID == id.resourceID }
        let actions = try await applicationAutoScaling.describeScheduledActions(
            namespace: id.namespace, resourceID: id.resourceID, dimension: id.dimension
        ).filter { $0.resourceID == id.resourceID }
        return (policies, actions)
    }

    private func applicationAutoScalingScaling(of id: ApplicationAutoScaling.TargetID) async throws -> ForeignScaling {
        let (policies, actions) = try await applicationAutoScalingPoliciesAndActions(of: id)
        var suspended: Set<String> = []
        if !policies.isEmpty || !actions.isEmpty, let state = try await applicationAutoScaling.describeScalableTarget(id)?.suspendedState {
            suspended = Self.switchesOn(state)
        }
        return ForeignScaling(
            service: "Application Auto Scaling",
            policies: policies.map { .init(kind: .scalingPolicy, name: $0.name, detail: $0.policyType) },
            scheduledActions: actions.map { .init(kind: .scheduledAction, name: $0.name, detail: $0.schedule) },
            suspended: suspended)
    }

    private func autoScalingScaling(of group: String) async throws -> ForeignScaling {
        let policies = try await autoScaling.describePolicies(group: group).filter { $0.groupName == group && $0.scales }
        let actions = try await autoScaling.describeScheduledActions(group: group).filter { $0.groupName == group }
        var suspended: Set<String> = []
        if !policies.isEmpty || !actions.isEmpty, let described = try await autoScaling.describeAutoScalingGroups(names: [group]).first {
            suspended = Set(described.suspendedProcesses)
        }
        return ForeignScaling(
            service: "EC2 Auto Scaling",
            policies: policies.map { policy in
                // Predictive scaling writes the capacity itself; no process suspension stops it.
                let predictive = policy.policyType == "PredictiveScaling"
                return .init(
                    kind: .scalingPolicy, name: policy.name,
                    detail: predictive ? "PredictiveScaling, ForecastAndScale" : policy.policyType, suspendable: !predictive)
            },
            scheduledActions: actions.map { action in
                let when = action.recurrence ?? action.time.map { "at \($0.formatted(.iso8601))" } ?? "once"
                return .init(kind: .scheduledAction, name: action.name, detail: when)
            },
            suspended: suspended)
    }

    private func setSuspension(_ target: TargetReference, _ switches: [String], on: Bool) async throws(TargetError) {
        guard !switches.isEmpty else { return }
        let known = ForeignScaling.switches(for: target)
        let unknown = switches.filter { !(known.dynamic + known.scheduled).contains($0) }
        guard unknown.isEmpty else {
            throw .invalid("\(target): \(unknown.joined(separator: ", ")) is not a suspension switch of this kind of target")
        }
        do {
            switch target {
            case .ecsService(let cluster, let service):
                let id = ApplicationAutoScaling.TargetID.ecsService(cluster: cluster, service: service)
                guard let current = try await applicationAutoScaling.describeScalableTarget(id) else {
                    throw TargetError.notFound("\(target): no scalable target is registered, so there is no scaling to \(on ? "suspend" : "resume")")
                }
                var state = current.suspendedState ?? .init()
                for name in switches {
                    switch name {
                    case "DynamicScalingInSuspended": state.dynamicScalingInSuspended = on
                    case "DynamicScalingOutSuspended": state.dynamicScalingOutSuspended = on
                    default: state.scheduledScalingSuspended = on
                    }
                }
                // All three values are sent, so the result does not depend on how AWS reads an absent one.
                state.dynamicScalingInSuspended = state.dynamicScalingInSuspended ?? false
                state.dynamicScalingOutSuspended = state.dynamicScalingOutSuspended ?? false
                state.scheduledScalingSuspended = state.scheduledScalingSuspended ?? false
                try await applicationAutoScaling.registerScalableTarget(.init(
                    target: id, minCapacity: nil, maxCapacity: nil, suspendedState: state))
            case .autoScalingGroup(let name):
                if on {
                    try await autoScaling.suspendProcesses(group: name, switches)
                } else {
                    try await autoScaling.resumeProcesses(group: name, switches)
                }
            }
        } catch {
            throw TargetError(error, target: target, while: on ? "suspending AWS's own scaling" : "resuming AWS's own scaling")
        }
    }

    private static func switchesOn(_ state: ApplicationAutoScaling.SuspendedState) -> Set<String> {
        var on: Set<String> = []
        if state.dynamicScalingInSuspended == true { on.insert("DynamicScalingInSuspended") }
        if state.dynamicScalingOutSuspended == true { on.insert("DynamicScalingOutSuspended") }
        if state.scheduledScalingSuspended == true { on.insert("ScheduledScalingSuspended") }
        return on
    }
}
