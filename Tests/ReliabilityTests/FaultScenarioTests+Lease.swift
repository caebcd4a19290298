import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import Testing

extension FaultScenarioTests {
    /// The same race against DynamoDB itself: both replicas' lease calls, reads and writes go
    /// through their own ``FaultProxy`` to moto; `a`'s proxy stops answering DynamoDB and
    /// slows its reads. The loops run for real (lease 3 s, tick every 0.4 s).
    @Test("DynamoDB unreachable for the leader, AWS slow: it stops writing before its lease expires; the standby takes over; never two writers")
    func dynamoDBUnreachable() async throws {
        let motoURL = try #require(MotoServer.current).baseURL
        let identity = try await MotoAccount.shared.administrator(at: motoURL)
        let seed = MotoSeed(identity)
        try await seed.cluster("ldr", services: ["api"], desiredCount: 2)
        _ = try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: "ldr", service: "api"), minCapacity: 1, maxCapacity: 10))
        try await seed.dynamoDB.createTable(DynamoDBLeaseStore.tableDefinition(named: "ldr-lease"))
        let target = TargetReference.ecsService(cluster: "ldr", service: "api")
        let policy = ScenarioPolicy.total(target, query: "load", min: 1, max: 10)
        let metrics = AlternatingMetric([180, 360])

        struct Replica: Sendable {
            let proxy: FaultProxy
            let election: LeaderElection
            let service: ControllerService
            let timeline: ReplicaTimeline
        }
        func replica(_ name: String) throws -> Replica {
            let proxy = try FaultProxy(upstream: motoURL)
            let retry = RetryStrategy(maxAttempts: 1, sleep: { _ in })
            let client = { (service: AWSService) in
                MotoAccount.client(service, endpoint: proxy.baseURL, credentials: identity.credentials, retryStrategy: retry, transport: Scenario.transport)
            }
            let backend = AWSCapacityBackend(
                ecs: ECSClient(client: client(.ecs)), applicationAutoScaling: ApplicationAutoScalingClient(client: client(.applicationAutoScaling)),
                autoScaling: AutoScalingClient(client: client(.autoScaling)))
            let timeline = ReplicaTimeline()
            let election = LeaderElection(
                configuration: .init(holder: name, leaseDuration: .seconds(3), renewInterval: .seconds(1), safetyMargin: .milliseconds(500)),
                store: DynamoDBLeaseStore(client: DynamoDBClient(client: client(.dynamoDB)), table: "ldr-lease", leaseName: "ldr"),
                logger: FaultScenarioTests.quiet, onChange: { timeline.record($0 ? "leads" : "stops") })
            let service = ControllerService(
                reconciler: Reconciler(policies: [policy], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: FaultScenarioTests.quiet),
                election: election, status: ControllerStatus(), metrics: nil, options: .init(interval: .milliseconds(400)), logger: FaultScenarioTests.quiet)
            return Replica(proxy: proxy, election: election, service: service, timeline: timeline)
        }
        let a = try replica("a")
        let b = try replica("b")
        #expect(await a.election.tryAcquire())

        try await withThrowingTaskGroup(of: Void.self) { group in
            for replica in [a, b] {
                group.addTask { try await replica.election.run() }
                group.addTask { try await replica.service.run() }
            }
            try await Task.sleep(for: .seconds(2))
            // DynamoDB stops answering `a` (each call hangs past the 4 s deadline, never arriving) and
            // `a`'s reads of ECS take 2 s each.
            a.proxy.setPlan(FaultPlan(rules: [
                FaultRule(.services(["dynamodb"]), .blackhole(.seconds(5))),
                FaultRule(.operations(["DescribeServices"]), .latency(.seconds(2))),
            ]))
            try await Task.sleep(for: .seconds(7))
            group.cancelAll()
        }

        let lastRenewal = try #require(a.proxy.exchanges.last { $0.call.operation == "PutItem" && $0.fault == nil }, "`a` renewed before the fault")
        let writesA = a.proxy.exchanges.filter { FaultProxy.writeOperations.contains($0.call.operation) }
        let writesB = b.proxy.exchanges.filter { FaultProxy.writeOperations.contains($0.call.operation) }
        #expect(!writesA.isEmpty && !writesB.isEmpty, "both led in turn: a wrote \(writesA.count), b wrote \(writesB.count)")
        for write in writesA {
            // The lease `a` last wrote expires 3 s after it was sent, at the latest 3 s after it reached the proxy.
            #expect(write.time < lastRenewal.time.addingTimeInterval(3), "`a` wrote \(write.time.timeIntervalSince(lastRenewal.time)) s after its last renewal")
        }
        let firstB = try #require(writesB.first)
        #expect(writesA.allSatisfy { $0.time < firstB.time }, "never two writers")
        #expect(b.timeline.times(of: "leads").count >= 1)
        let final = try await seed.ecs.describeServices(cluster: "ldr", services: ["api"]).service(named: "api")?.desiredCount
        #expect([3, 6].contains(final ?? -1), "what the last writer decided, within [1, 10]: \(String(describing: final))")
        #expect(a.timeline.times(of: "stops").count >= 1, "`a` noticed it lost the lease")
    }
}
