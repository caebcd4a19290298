import AWSClient
import CapacityCore
import Foundation

/// AWS's own scaling on a target, read and suspended through the service that runs it:
/// Application Auto Scaling for ECS services (`SuspendedState` on the scalable target),
/// EC2 Auto Scaling for groups (`SuspendProcesses`/`ResumeProcesses`).
///
/// Reading one target costs two calls (policies, scheduled actions), three when there is
/// something (the suspension state). The reconciler reads only targets it is about to write,
/// and reads a tick's writers together: from ``listingThreshold`` of them on, the account's
/// whole listing is read instead (a few pages, 50 items each, however many targets).
extension AWSCapacityBackend {
    /// From this many targets of one service on, ``awsScaling(of:)-([TargetReference])`` lists
    /// the account's policies and scheduled actions instead of asking target by target.
    public static let listingThreshold = 4

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

    /// AWS's own scaling on each of `targets`. A tick that scales many targets at once (a
    /// flash crowd across a fleet) would otherwise spend two Application Auto Scaling or EC2
    /// Auto Scaling calls per target before writing it, against a budget of a few calls a second.
    public func awsScaling(of targets: [TargetReference]) async -> [TargetReference: Result<ForeignScaling, TargetError>] {
        var services: [(TargetReference, ApplicationAutoScaling.TargetID)] = []
        var groups: [(TargetReference, String)] = []
        for target in targets {
            switch target {
            case .ecsService(let cluster, let service): services.append((target, .ecsService(cluster: cluster, service: service)))
            case .autoScalingGroup(let name): groups.append((target, name))
            }
        }
        var results: [TargetReference: Result<ForeignScaling, TargetError>] = [:]
        let listed = services.count >= Self.listingThreshold
            ? await listedApplicationAutoScaling(services) : await awsScalingOneByOne(services.map(\.0))
        results.merge(listed) { first, _ in first }
        let listedGroups = groups.count >= Self.listingThreshold
            ? await listedAutoScaling(groups) : await awsScalingOneByOne(groups.map(\.0))
        results.merge(listedGroups) { first, _ in first }
        return results
    }

    /// Every ECS scaling policy and scheduled action of the account and region, then each
    /// service's own; the suspension state only of services that have some.
    private func listedApplicationAutoScaling(
        _ services: [(TargetReference, ApplicationAutoScaling.TargetID)]
    ) async -> [TargetReference: Result<ForeignScaling, TargetError>] {
        let policies: [String: [ApplicationAutoScaling.ScalingPolicy]]
        let actions: [String: [ApplicationAutoScaling.ScheduledAction]]
        do {
            // AWS accepts a dimension only with a resource: ECS has just the one anyway.
            policies = Dictionary(grouping: try await applicationAutoScaling.describeScalingPolicies(namespace: .ecs), by: \.resourceID)
            actions = Dictionary(grouping: try await applicationAutoScaling.describeScheduledActions(namespace: .ecs), by: \.resourceID)
        } catch {
            return Self.failing(services.map(\.0), error, while: "listing AWS's own scaling policies and scheduled actions")
        }
        var results: [TargetReference: Result<ForeignScaling, TargetError>] = [:]
        for (target, id) in services {
            do {
                results[target] = .success(try await applicationAutoScalingScaling(
                    of: id, policies: policies[id.resourceID] ?? [], actions: actions[id.resourceID] ?? []))
            } catch {
                results[target] = .failure(TargetError(error, target: target, while: "reading whether AWS's own scaling is suspended"))
            }
        }
        return results
    }

    /// Every Auto Scaling policy and scheduled action of the account and region, then each
    /// group's own; the suspended processes only of groups that have some, in batches.
    private func listedAutoScaling(_ groups: [(TargetReference, String)]) async -> [TargetReference: Result<ForeignScaling, TargetError>] {
        let policies: [String: [AutoScaling.ScalingPolicy]]
        let actions: [String: [AutoScaling.ScheduledAction]]
        do {
            policies = Dictionary(grouping: try await autoScaling.describePolicies().filter(\.scales), by: \.groupName)
            actions = Dictionary(grouping: try await autoScaling.describeScheduledActions(), by: \.groupName)
        } catch {
            return Self.failing(groups.map(\.0), error, while: "listing AWS's own scaling policies and scheduled actions")
        }
        let busy = groups.map(\.1).filter { policies[$0] != nil || actions[$0] != nil }
        var suspended: [String: Set<String>] = [:]
        do {
            for batch in busy.batches(of: AutoScalingClient.maxGroupsPerDescribe) {
                for group in try await autoScaling.describeAutoScalingGroups(names: batch) {
                    suspended[group.name] = Set(group.suspendedProcesses)
                }
            }
        } catch {
            let targets = groups.filter { busy.contains($0.1) }.map(\.0)
            var results = Self.failing(targets, error, while: "reading the groups' suspended processes")
            for (target, name) in groups where !busy.contains(name) {
                results[target] = .success(Self.autoScalingForeign(policies: [], actions: [], suspended: []))
            }
            return results
        }
        var results: [TargetReference: Result<ForeignScaling, TargetError>] = [:]
        for (target, name) in groups {
            results[target] = .success(Self.autoScalingForeign(
                policies: policies[name] ?? [], actions: actions[name] ?? [], suspended: suspended[name] ?? []))
        }
        return results
    }

    private static func failing(
        _ targets: [TargetReference], _ error: any Error, while context: String
    ) -> [TargetReference: Result<ForeignScaling, TargetError>] {
        var results: [TargetReference: Result<ForeignScaling, TargetError>] = [:]
        for target in targets { results[target] = .failure(TargetError(error, target: target, while: context)) }
        return results
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
        return try await applicationAutoScalingScaling(of: id, policies: policies, actions: actions)
    }

    private func applicationAutoScalingScaling(
        of id: ApplicationAutoScaling.TargetID, policies: [ApplicationAutoScaling.ScalingPolicy],
        actions: [ApplicationAutoScaling.ScheduledAction]
    ) async throws -> ForeignScaling {
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
        return Self.autoScalingForeign(policies: policies, actions: actions, suspended: suspended)
    }

    private static func autoScalingForeign(
        policies: [AutoScaling.ScalingPolicy], actions: [AutoScaling.ScheduledAction], suspended: Set<String>
    ) -> ForeignScaling {
        ForeignScaling(
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
