import AWSClient
import CapacityCore
import Foundation

extension AWSCapacityBackend {
    typealias Described = [TargetReference: Result<TargetState, TargetError>]

    /// Every service of every cluster: `DescribeServices` for ``ECSClient/maxServicesPerDescribe``
    /// services per call, then `DescribeScalableTargets` for the bounds of the services found,
    /// ``ApplicationAutoScalingClient/maxResourceIDsPerDescribe`` per call.
    func describeServices(_ clusters: [(cluster: String, services: [String])]) async -> Described {
        var results: Described = [:]
        for (cluster, services) in clusters {
            var live: [(service: String, described: ECS.Service)] = []
            for batch in services.batches(of: ECSClient.maxServicesPerDescribe) {
                let (found, failed) = await describeServiceBatch(cluster: cluster, services: batch)
                live += found
                results.merge(failed) { first, _ in first }
            }
            for batch in live.batches(of: ApplicationAutoScalingClient.maxResourceIDsPerDescribe) {
                results.merge(await withBounds(batch, cluster: cluster)) { first, _ in first }
            }
        }
        return results
    }

    /// One `DescribeServices` call: the live services it found, and an error for each of the
    /// others (missing, inactive, or all of them when the call failed).
    private func describeServiceBatch(
        cluster: String, services: [String]
    ) async -> (found: [(service: String, described: ECS.Service)], failed: Described) {
        let described: ECS.ServiceDescriptions
        do {
            described = try await ecs.describeServices(cluster: cluster, services: services)
        } catch {
            let targets = services.map { TargetReference.ecsService(cluster: cluster, service: $0) }
            return ([], Self.failing(targets, error, context: "describing services of cluster \(cluster)"))
        }
        var found: [(service: String, described: ECS.Service)] = []
        var failed: Described = [:]
        for service in services {
            let target = TargetReference.ecsService(cluster: cluster, service: service)
            if let match = described.service(named: service) {
                if match.isInactive {
                    failed[target] = .failure(.notFound("\(target): the service is INACTIVE (deleted) in cluster \(cluster)"))
                } else {
                    found.append((service, match))
                }
            } else if let failure = described.failure(for: service) {
                failed[target] = .failure(Self.targetError(failure, target: target, cluster: cluster))
            } else {
                failed[target] = .failure(.unavailable("\(target): DescribeServices answered neither the service nor a failure for it"))
            }
        }
        return (found, failed)
    }

    /// One `DescribeScalableTargets` call for the bounds of `services`, and their states.
    private func withBounds(_ services: [(service: String, described: ECS.Service)], cluster: String) async -> Described {
        let targets = services.map { TargetReference.ecsService(cluster: cluster, service: $0.service) }
        let ids = services.map { ApplicationAutoScaling.TargetID.ecsResourceID(cluster: cluster, service: $0.service) }
        var bounds: [String: CapacityBounds] = [:]
        do {
            let scalable = try await applicationAutoScaling.describeScalableTargets(
                namespace: .ecs, resourceIDs: ids, dimension: .ecsServiceDesiredCount)
            for target in scalable {
                bounds[target.resourceID] = CapacityBounds(min: target.minCapacity, max: target.maxCapacity)
            }
        } catch {
            // Without the bounds a person set, the controller could scale past them: fail
            // these services rather than pretend there are none.
            return Self.failing(targets, error, context: "reading the scalable targets of cluster \(cluster)")
        }
        var results: Described = [:]
        for ((_, service), (target, id)) in zip(services, zip(targets, ids)) {
            results[target] = .success(TargetState(
                desired: service.desiredCount, running: service.runningCount, pending: service.pendingCount, bounds: bounds[id]))
        }
        return results
    }

    /// Every group, ``AutoScalingClient/maxGroupsPerDescribe`` per batch.
    func describeGroups(_ names: [String]) async -> Described {
        var results: Described = [:]
        for batch in names.batches(of: AutoScalingClient.maxGroupsPerDescribe) {
            let targets = batch.map { TargetReference.autoScalingGroup(name: $0) }
            let groups: [AutoScaling.Group]
            do {
                groups = try await autoScaling.describeAutoScalingGroups(names: batch)
            } catch {
                results.merge(Self.failing(targets, error, context: "describing Auto Scaling groups")) { first, _ in first }
                continue
            }
            for (name, target) in zip(batch, targets) {
                guard let group = groups.first(where: { $0.name == name }), !group.isBeingDeleted else {
                    results[target] = .failure(.notFound("\(target): no Auto Scaling group named '\(name)' in this region"))
                    continue
                }
                results[target] = .success(Self.state(of: group))
            }
        }
        return results
    }

    static func state(of group: AutoScaling.Group) -> TargetState {
        var warmPool: WarmPoolPlan?
        if let configuration = group.warmPoolConfiguration, !configuration.isBeingDeleted {
            let policy = WarmPoolPolicy(
                minSize: configuration.minSize ?? 0,
                maxGroupPreparedCapacity: configuration.maxGroupPreparedCapacity,
                poolState: configuration.poolState.flatMap { WarmPoolPolicy.PoolState(rawValue: $0.rawValue) } ?? .stopped,
                reuseOnScaleIn: configuration.reuseOnScaleIn ?? false)
            warmPool = WarmPoolPlan(policy: policy, desired: group.desiredCapacity, groupMax: group.maxSize)
        }
        return TargetState(
            desired: group.desiredCapacity, running: group.inServiceCount, pending: group.pendingCount,
            bounds: CapacityBounds(min: group.minSize, max: group.maxSize), warmPool: warmPool)
    }

    private static func targetError(_ failure: ECS.ServiceFailure, target: TargetReference, cluster: String) -> TargetError {
        if failure.reason == .missing {
            return .notFound("\(target): cluster \(cluster) has no service '\(failure.service)' (MISSING)")
        }
        let detail = failure.detail.map { ": \($0)" } ?? ""
        return .unavailable("\(target): DescribeServices failed for the service with \(failure.reason)\(detail)")
    }

    private static func failing(_ targets: [TargetReference], _ error: any Error, context: String) -> Described {
        var results: Described = [:]
        for target in targets {
            results[target] = .failure(TargetError(error, target: target, while: context))
        }
        return results
    }
}

extension Array {
    /// The elements in consecutive slices of at most `size` (the last may be shorter).
    func batches(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { Array(self[$0..<Swift.min($0 + Swift.max(size, 1), count)]) }
    }
}
