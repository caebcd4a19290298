import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import MetricSources
import Synchronization
import Testing

/// The times a replica became and stopped being the leader, and wrote.
final class ReplicaTimeline: Sendable {
    private let events = Mutex<[(String, ContinuousClock.Instant)]>([])

    func record(_ event: String) { events.withLock { $0.append((event, .now)) } }

    func times(of event: String) -> [ContinuousClock.Instant] { events.withLock { $0.filter { $0.0 == event }.map(\.1) } }
}

/// A backend whose reads take `readDelay` for replica `slowReplica` (a slow or retried
/// describe) and whose writes are recorded with their time, per replica.
actor SlowBackend: CapacityBackend {
    private var desired: Int
    let readDelay: Duration
    let slowReplica: String?
    private(set) var writes: [(replica: String, at: ContinuousClock.Instant, desired: Int)] = []

    init(desired: Int, readDelay: Duration, for slowReplica: String? = nil) {
        self.desired = desired
        self.readDelay = readDelay
        self.slowReplica = slowReplica
    }

    func describe(_ targets: [TargetReference]) async -> [TargetReference: Result<TargetState, TargetError>] {
        if slowReplica == nil || slowReplica == TaskReplica.name {
            try? await Task.sleep(for: readDelay)
        }
        return Dictionary(uniqueKeysWithValues: targets.map { ($0, .success(TargetState(desired: desired, running: desired))) })
    }

    func setDesiredCapacity(_ target: TargetReference, to desired: Int) async throws(TargetError) {
        self.desired = desired
        writes.append((TaskReplica.name ?? "?", .now, desired))
    }

    func setBounds(_ target: TargetReference, to bounds: CapacityBounds) async throws(TargetError) {}
    func putWarmPool(_ target: TargetReference, _ plan: WarmPoolPlan) async throws(TargetError) {}
}

/// Which replica the current task acts for, so a shared backend can tell writers apart.
enum TaskReplica {
    @TaskLocal static var name: String?
}

/// A metric source whose value alternates between two totals, so every tick of the leader writes.
final class AlternatingMetric: MetricSource {
    private let count = Mutex(0)
    let values: [Double]

    init(_ values: [Double]) { self.values = values }

    func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        let value = count.withLock { count in
            defer { count += 1 }
            return values[count % values.count]
        }
        return queries.map { _ in .value(value, at: time, periodSeconds: 0) }
    }
}

@Suite("Reliability: leadership when the lease store is unreachable", .serialized)
struct LeadershipTests {
    /// Replica `a` holds a 3 s lease, then cannot renew it; its tick's read takes 2.5 s.
    /// Replica `b` takes the lease once it expires and writes. `a` checked its leadership
    /// at the start of its tick with the usual margin (one interval), so without a second
    /// check right before the write, `a` writes after `b` has taken over.
    @Test("A leader whose tick outlives its lease does not write once its lease could have expired")
    func slowTickAfterLastRenewal() async throws {
        let target = TargetReference.ecsService(cluster: "lead", service: "api")
        let policy = ScenarioPolicy.total(target, query: "load", min: 1, max: 10)
        let backend = SlowBackend(desired: 2, readDelay: .milliseconds(2500), for: "a")
        let metrics = AlternatingMetric([180, 360])
        let lease = InMemoryLeaseStore()
        let configuration = { (holder: String) in
            LeaderElection.Configuration(holder: holder, leaseDuration: .seconds(3), renewInterval: .seconds(1), safetyMargin: .milliseconds(500))
        }
        let a = LeaderElection(configuration: configuration("a"), store: lease, logger: FaultScenarioTests.quiet)
        let b = LeaderElection(configuration: configuration("b"), store: lease, logger: FaultScenarioTests.quiet)
        func service(_ election: LeaderElection) -> ControllerService {
            ControllerService(
                reconciler: Reconciler(policies: [policy], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: FaultScenarioTests.quiet),
                election: election, status: ControllerStatus(), metrics: nil, options: .init(interval: .milliseconds(400)), logger: FaultScenarioTests.quiet)
        }
        let serviceA = service(a)
        let serviceB = service(b)

        let acquired = ContinuousClock.now
        #expect(await a.tryAcquire())
        // `a` cannot renew from now on. 1 s into its lease it still leads with 1.5 s to
        // spare (> the 0.4 s margin), so its tick starts; the read takes 2.5 s.
        try await Task.sleep(until: acquired + .seconds(1))
        async let tickA = TaskReplica.$name.withValue("a") { await serviceA.tick() }
        // The lease expires at 3 s; `b` takes it just after and runs its own tick.
        try await Task.sleep(until: acquired + .milliseconds(3100))
        #expect(await b.tryAcquire())
        let bLeadsFrom = ContinuousClock.now
        async let tickB = TaskReplica.$name.withValue("b") { await serviceB.tick() }
        let reportA = await tickA
        _ = await tickB

        let writes = await backend.writes
        let writesA = writes.filter { $0.replica == "a" }
        #expect(writes.contains { $0.replica == "b" }, "the new leader writes")
        for write in writesA {
            #expect(write.at < acquired + .seconds(3), "`a` wrote \(write.at - acquired) into a 3 s lease it never renewed")
            #expect(write.at < bLeadsFrom, "two writers: `a` wrote after `b` took the lease")
        }
        #expect(reportA.failures.count == 1, "`a`'s skipped write is reported, not remembered as done")
    }
}

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
        #expect(a.timeline.times(of: "stops").count >= 1, "`a` noticed it lost the lease")
    }
}
