import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import Testing

/// ``AWSCapacityBackend``, the DynamoDB lease and the DynamoDB state store against moto with
/// signature checks on. One server for the suite; each test uses its own names. The lease and
/// state tests are in `AWSBackendTests+DynamoDB.swift`.
@Suite(
    "AWS backend against moto, signature checks on",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct AWSBackendTests {
    var endpoint: URL {
        get throws { try #require(MotoServer.current, "the .motoServer trait provides the server").baseURL }
    }

    func administrator() async throws -> MotoIdentity {
        try await MotoAccount.shared.administrator(at: try endpoint)
    }

    /// A backend signing as `identity` (the administrator when `nil`), built the way the
    /// daemon builds it: from an AWSConfiguration resolved out of an environment.
    func backend(as identity: MotoIdentity? = nil) async throws -> AWSCapacityBackend {
        let signer: MotoIdentity
        if let identity {
            signer = identity
        } else {
            signer = try await administrator()
        }
        return try AWSCapacityBackend(configuration: signer.configuration())
    }

    @Test("describe: 23 services in 2 clusters and 2 groups cost 3 DescribeServices, 2 DescribeScalableTargets (one per cluster), 1 DescribeAutoScalingGroups")
    func describeIsBatched() async throws {
        let seed = MotoSeed(try await administrator())
        let east = (1...13).map { "east-\($0)" }
        let west = (1...10).map { "west-\($0)" }
        try await seed.cluster("b-east", services: east, desiredCount: 2)
        try await seed.cluster("b-west", services: west, desiredCount: 3)
        try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: "b-east", service: "east-1"), minCapacity: 2, maxCapacity: 9))
        try await seed.autoScalingGroup("b-web", min: 1, max: 5, desired: 2)
        try await seed.autoScalingGroup("b-gpu", min: 0, max: 8, desired: 3)
        try await seed.autoScaling.putWarmPool(.init(groupName: "b-gpu", minSize: 1, maxGroupPreparedCapacity: 6, poolState: .running))

        let backend = try await backend()
        var targets = east.map { TargetReference.ecsService(cluster: "b-east", service: $0) }
        targets += west.map { TargetReference.ecsService(cluster: "b-west", service: $0) }
        targets += [.autoScalingGroup(name: "b-web"), .autoScalingGroup(name: "b-gpu")]
        let states = await backend.describe(targets)

        let calls = backend.calls.counts
        #expect(calls[.init(service: "ecs", operation: "DescribeServices")] == 3)
        #expect(calls[.init(service: "application-autoscaling", operation: "DescribeScalableTargets")] == 2)
        #expect(calls[.init(service: "autoscaling", operation: "DescribeAutoScalingGroups")] == 1)
        #expect(backend.calls.total == 6)
        #expect(states.count == 25)
        #expect(states.values.allSatisfy { (try? $0.get()) != nil })

        // The values are ECS's and the group's own, each in its place.
        let truth = try await seed.ecs.describeServices(cluster: "b-east", services: ["east-1"]).service(named: "east-1")
        let first = try #require(try states[.ecsService(cluster: "b-east", service: "east-1")]?.get())
        #expect(first.desired == 2 && first.running == truth?.runningCount && first.pending == truth?.pendingCount)
        #expect(first.bounds == CapacityBounds(min: 2, max: 9))
        #expect(try states[.ecsService(cluster: "b-east", service: "east-2")]?.get().bounds == nil, "no scalable target")
        #expect(try states[.ecsService(cluster: "b-west", service: "west-7")]?.get().desired == 3)
        let web = try #require(try states[.autoScalingGroup(name: "b-web")]?.get())
        #expect(web == TargetState(desired: 2, running: 2, pending: 0, bounds: CapacityBounds(min: 1, max: 5), warmPool: nil))
        let gpu = try #require(try states[.autoScalingGroup(name: "b-gpu")]?.get())
        #expect(gpu.running == 3)
        let pool = try #require(gpu.warmPool)
        #expect(pool.minSize == 1 && pool.maxGroupPreparedCapacity == 6 && pool.poolState == .running && !pool.reuseOnScaleIn)
        #expect(pool.poolSize == 3, "max prepared 6 − desired 3")
    }

    @Test("describe: a missing service, an unknown cluster and an unknown group are notFound; the rest still succeed")
    func describeNotFound() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("nf", services: ["api"])
        try await seed.autoScalingGroup("nf-group", min: 1, max: 2, desired: 1)
        let backend = try await backend()
        let api = TargetReference.ecsService(cluster: "nf", service: "api")
        let ghost = TargetReference.ecsService(cluster: "nf", service: "ghost")
        let noCluster = TargetReference.ecsService(cluster: "nf-none", service: "api")
        let noGroup = TargetReference.autoScalingGroup(name: "nf-no-group")
        let group = TargetReference.autoScalingGroup(name: "nf-group")
        let states = await backend.describe([api, ghost, noCluster, noGroup, group])
        #expect((try? states[api]?.get()) != nil)
        #expect((try? states[group]?.get()) != nil)
        for target in [ghost, noCluster, noGroup] {
            guard case .failure(let error) = states[target] else {
                Issue.record("\(target) should fail")
                continue
            }
            #expect(error.isNotFound, "\(target): \(error)")
            #expect(error.message.hasPrefix("\(target): "))
            #expect(!error.message.contains("\n"))
        }
    }

    @Test("describe as a user denied ecs:DescribeServices: the ECS targets are accessDenied, the group is fine")
    func describeAccessDenied() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("ad", services: ["api", "worker"])
        try await seed.autoScalingGroup("ad-group", min: 1, max: 2, desired: 1)
        let denied = try await MotoAccount.shared.user(named: "backend-no-ecs", at: try endpoint, denying: ["ecs:DescribeServices"])
        let states = try await backend(as: denied).describe([
            .ecsService(cluster: "ad", service: "api"), .ecsService(cluster: "ad", service: "worker"), .autoScalingGroup(name: "ad-group"),
        ])
        for service in ["api", "worker"] {
            guard case .failure(let error) = states[.ecsService(cluster: "ad", service: service)] else {
                Issue.record("ecs:ad/\(service) should be denied")
                continue
            }
            #expect(error.kind == "access_denied", "\(error)")
        }
        #expect((try? states[.autoScalingGroup(name: "ad-group")]?.get())?.desired == 1)

        // Denied only the bounds: the batch fails rather than hide bounds a person set.
        let noBounds = try await MotoAccount.shared.user(
            named: "backend-no-bounds", at: try endpoint, denying: ["application-autoscaling:DescribeScalableTargets"])
        let withoutBounds = try await backend(as: noBounds).describe([.ecsService(cluster: "ad", service: "api")])
        guard case .failure(let error) = withoutBounds[.ecsService(cluster: "ad", service: "api")] else {
            Issue.record("ecs:ad/api should fail without its bounds")
            return
        }
        #expect(error.kind == "access_denied")
        #expect(error.message.contains("scalable targets"))
    }

    @Test("writes: desired and bounds of a service and a group, the warm pool, and apply() in one call per kind")
    func writes() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("w", services: ["api"], desiredCount: 1)
        try await seed.autoScalingGroup("w-group", min: 1, max: 4, desired: 1)
        let backend = try await backend()
        let api = TargetReference.ecsService(cluster: "w", service: "api")
        let group = TargetReference.autoScalingGroup(name: "w-group")

        try await backend.setDesiredCapacity(api, to: 4)
        try await backend.setBounds(api, to: CapacityBounds(min: 2, max: 9))
        try await backend.setBounds(group, to: CapacityBounds(min: 2, max: 6))
        try await backend.setDesiredCapacity(group, to: 5)
        let plan = WarmPoolPlan(policy: WarmPoolPolicy(minSize: 2, maxGroupPreparedCapacity: 8, poolState: .hibernated, reuseOnScaleIn: true), desired: 5, groupMax: 6)
        try await backend.putWarmPool(group, plan)

        var states = await backend.describe([api, group])
        let service = try #require(try states[api]?.get())
        #expect(service.desired == 4 && service.bounds == CapacityBounds(min: 2, max: 9))
        let described = try #require(try states[group]?.get())
        #expect(described.desired == 5 && described.running == 5 && described.bounds == CapacityBounds(min: 2, max: 6))
        #expect(described.warmPool == plan)

        backend.calls.reset()
        try await backend.apply(CapacityChange(minCapacity: 3, maxCapacity: 7, desired: 3), to: group)
        #expect(backend.calls.counts == [.init(service: "autoscaling", operation: "UpdateAutoScalingGroup"): 1])
        try await backend.apply(CapacityChange(minCapacity: 1, maxCapacity: 5, desired: 2), to: api)
        #expect(backend.calls.count(of: "RegisterScalableTarget") == 1 && backend.calls.count(of: "UpdateService") == 1)
        states = await backend.describe([api, group])
        #expect(try states[group]?.get().bounds == CapacityBounds(min: 3, max: 7))
        #expect(try states[group]?.get().desired == 3)
        #expect(try states[api]?.get().bounds == CapacityBounds(min: 1, max: 5))
        #expect(try states[api]?.get().desired == 2)
    }

    @Test("write errors: unknown service, group or cluster → notFound; invalid bounds and ECS warm pools → invalid, nothing sent")
    func writeErrors() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("we", services: ["api"])
        let backend = try await backend()
        let ghost = TargetReference.ecsService(cluster: "we", service: "ghost")
        let cases: [(String, () async throws(TargetError) -> Void)] = [
            ("UpdateService on a missing service", { () async throws(TargetError) in try await backend.setDesiredCapacity(ghost, to: 2) }),
            ("UpdateService in a missing cluster", { () async throws(TargetError) in
                try await backend.setDesiredCapacity(.ecsService(cluster: "we-none", service: "api"), to: 2)
            }),
            ("RegisterScalableTarget of a missing service", { () async throws(TargetError) in
                try await backend.setBounds(ghost, to: CapacityBounds(min: 1, max: 2))
            }),
            ("UpdateAutoScalingGroup of a missing group", { () async throws(TargetError) in
                try await backend.setBounds(.autoScalingGroup(name: "we-none"), to: CapacityBounds(min: 1, max: 2))
            }),
        ]
        for (name, write) in cases {
            do {
                try await write()
                Issue.record("\(name) should fail")
            } catch {
                #expect(error.isNotFound, "\(name): \(error)")
            }
        }
        backend.calls.reset()
        await #expect(throws: TargetError.self) {
            try await backend.setBounds(.ecsService(cluster: "we", service: "api"), to: CapacityBounds(min: 5, max: 2))
        }
        await #expect(throws: TargetError.self) {
            try await backend.setDesiredCapacity(.autoScalingGroup(name: "any"), to: -1)
        }
        do {
            try await backend.putWarmPool(.ecsService(cluster: "we", service: "api"), WarmPoolPlan(policy: WarmPoolPolicy(), desired: 1, groupMax: 2))
            Issue.record("an ECS warm pool should be refused")
        } catch {
            #expect(error.kind == "invalid")
        }
        #expect(backend.calls.total == 0)
    }

    @Test("one reconcile tick through the AWS backend scales a group in moto, and a second tick writes nothing")
    func reconcileThroughAWS() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.autoScalingGroup("recon", min: 1, max: 10, desired: 4)
        let group = TargetReference.autoScalingGroup(name: "recon")
        let backend = try await backend()
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(group)", 90)
        let reconciler = Reconciler(
            policies: [cpuPolicy(group)], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let report = await reconciler.reconcile(at: start, actuate: true)
        #expect(report.outcomes.first?.actions == [.setDesired(from: 4, to: 6)])
        #expect(try await backend.describe([group])[group]?.get().desired == 6)

        backend.calls.reset()
        await metrics.set("cpu:\(group)", 60)
        let second = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        #expect(second.outcomes.first?.actions == [])
        #expect(backend.calls.counts == [.init(service: "autoscaling", operation: "DescribeAutoScalingGroups"): 1], "no write when nothing changes")
    }
}
