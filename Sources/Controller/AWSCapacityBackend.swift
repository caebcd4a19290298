import AWSClient
import CapacityCore
import Foundation

/// ``CapacityBackend`` over the real AWS APIs of one region: ECS services through ECS and
/// Application Auto Scaling, Auto Scaling groups through EC2 Auto Scaling.
///
/// ``describe(_:)`` batches every read of a tick:
/// - ECS services are grouped by cluster, at most 10 per `DescribeServices` call; then the
///   bounds of the services found, at most 50 per `DescribeScalableTargets` call (so 1,000
///   services in one cluster cost 100 + 20 calls, not 100 + 100);
/// - Auto Scaling groups go at most 50 per `DescribeAutoScalingGroups` call. Each group's
///   warm pool comes in the same answer (its `WarmPoolConfiguration` member), so no
///   `DescribeWarmPool` call is needed: groups without a pool cost nothing extra, and no list
///   of "groups with warm pools" can go stale when policies are reloaded.
///
/// The ECS and Auto Scaling reads run concurrently; the batches of each run one after the
/// other, so a tick never bursts more than two requests at AWS. A failed call fails only the
/// targets of its batch, each with a ``TargetError`` (see ``TargetError/init(_:target:while:)``).
///
/// ``calls`` counts every request sent (retries included) by service and operation, when
/// the backend was built from an ``AWSConfiguration`` or given a ``CountingTransport``'s counter.
public struct AWSCapacityBackend: CapacityBackend {
    public let ecs: ECSClient
    public let applicationAutoScaling: ApplicationAutoScalingClient
    public let autoScaling: AutoScalingClient
    /// Requests sent, by service and operation; ``AWSCallCounter/reset()`` it once per tick.
    public let calls: AWSCallCounter

    /// A backend over the given clients; `calls` counts only if their transports count into it.
    public init(
        ecs: ECSClient, applicationAutoScaling: ApplicationAutoScalingClient, autoScaling: AutoScalingClient,
        calls: AWSCallCounter = AWSCallCounter()
    ) {
        self.ecs = ecs
        self.applicationAutoScaling = applicationAutoScaling
        self.autoScaling = autoScaling
        self.calls = calls
    }

    /// A backend for `region` (the configuration's when `nil`) whose clients send through a
    /// ``CountingTransport`` counting into ``calls``.
    /// - Throws: ``AWSClientError`` when no region is configured or an endpoint override is invalid.
    public init(configuration: AWSConfiguration, region: Region? = nil) throws {
        let counter = AWSCallCounter()
        let transport = CountingTransport(configuration.transport, counter: counter)
        func client(_ service: AWSService) throws -> AWSServiceClient {
            let resolved = try configuration.client(for: service, region: region)
            return AWSServiceClient(
                service: service, region: resolved.region, endpoint: resolved.endpoint,
                credentialProvider: resolved.credentialProvider, transport: transport,
                retryStrategy: configuration.retryStrategy, clock: configuration.clock, logger: configuration.logger
            )
        }
        self.init(
            ecs: ECSClient(client: try client(.ecs)),
            applicationAutoScaling: ApplicationAutoScalingClient(client: try client(.applicationAutoScaling)),
            autoScaling: AutoScalingClient(client: try client(.autoScaling)),
            calls: counter
        )
    }

    public func describe(_ targets: [TargetReference]) async -> [TargetReference: Result<TargetState, TargetError>] {
        var servicesByCluster: [String: [String]] = [:]
        var clusters: [String] = []
        var groups: [String] = []
        var seen: Set<TargetReference> = []
        for target in targets where seen.insert(target).inserted {
            switch target {
            case .ecsService(let cluster, let service):
                if servicesByCluster[cluster] == nil { clusters.append(cluster) }
                servicesByCluster[cluster, default: []].append(service)
            case .autoScalingGroup(let name):
                groups.append(name)
            }
        }
        async let ecsStates = describeServices(clusters.map { ($0, servicesByCluster[$0] ?? []) })
        async let groupStates = describeGroups(groups)
        var results = await ecsStates
        results.merge(await groupStates) { first, _ in first }
        return results
    }

    public func setDesiredCapacity(_ target: TargetReference, to desired: Int) async throws(TargetError) {
        try await perform(target) {
            switch target {
            case .ecsService(let cluster, let service):
                try await ecs.updateService(cluster: cluster, service: service, desiredCount: desired)
            case .autoScalingGroup(let name):
                try await autoScaling.setDesiredCapacity(group: name, to: desired)
            }
        }
    }

    public func setBounds(_ target: TargetReference, to bounds: CapacityBounds) async throws(TargetError) {
        try await perform(target) {
            switch target {
            case .ecsService(let cluster, let service):
                try await applicationAutoScaling.registerScalableTarget(.init(
                    target: .ecsService(cluster: cluster, service: service), minCapacity: bounds.min, maxCapacity: bounds.max))
            case .autoScalingGroup(let name):
                try await autoScaling.updateAutoScalingGroup(.init(name: name, minSize: bounds.min, maxSize: bounds.max))
            }
        }
    }

    public func putWarmPool(_ target: TargetReference, _ plan: WarmPoolPlan) async throws(TargetError) {
        guard case .autoScalingGroup(let name) = target else {
            throw .invalid("\(target): warm pools exist only for Auto Scaling groups")
        }
        try await perform(target) {
            try await autoScaling.putWarmPool(.init(
                groupName: name, minSize: plan.minSize, maxGroupPreparedCapacity: plan.maxGroupPreparedCapacity,
                poolState: AutoScaling.WarmPoolState(rawValue: plan.poolState.rawValue), reuseOnScaleIn: plan.reuseOnScaleIn))
        }
    }

    /// Sets any of min, max and desired at once, as a person does with `headroom capacity set`:
    /// for an ECS service the bounds go to the scalable target (`RegisterScalableTarget`) and
    /// the desired count to the service (`UpdateService`); for an Auto Scaling group all three
    /// go in one `UpdateAutoScalingGroup`. `nil` leaves a value as it is.
    public func apply(_ change: CapacityChange, to target: TargetReference) async throws(TargetError) {
        guard change.minCapacity != nil || change.maxCapacity != nil || change.desired != nil else { return }
        try await perform(target) {
            switch target {
            case .ecsService(let cluster, let service):
                if change.minCapacity != nil || change.maxCapacity != nil {
                    try await applicationAutoScaling.registerScalableTarget(.init(
                        target: .ecsService(cluster: cluster, service: service),
                        minCapacity: change.minCapacity, maxCapacity: change.maxCapacity))
                }
                if let desired = change.desired {
                    try await ecs.updateService(cluster: cluster, service: service, desiredCount: desired)
                }
            case .autoScalingGroup(let name):
                try await autoScaling.updateAutoScalingGroup(.init(
                    name: name, minSize: change.minCapacity, maxSize: change.maxCapacity, desiredCapacity: change.desired))
            }
        }
    }

    /// Runs one write, mapping whatever it throws to a ``TargetError`` of `target`.
    private func perform(_ target: TargetReference, _ write: () async throws -> Void) async throws(TargetError) {
        do {
            try await write()
        } catch {
            throw TargetError(error, target: target)
        }
    }
}

/// What `headroom capacity set` changes: any of min, max and desired; `nil` leaves one as it is.
public struct CapacityChange: Sendable, Hashable {
    public var minCapacity: Int?
    public var maxCapacity: Int?
    public var desired: Int?

    public init(minCapacity: Int? = nil, maxCapacity: Int? = nil, desired: Int? = nil) {
        self.minCapacity = minCapacity
        self.maxCapacity = maxCapacity
        self.desired = desired
    }
}
