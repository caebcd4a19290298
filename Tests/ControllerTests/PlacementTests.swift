import AWSClient
import CapacityCore
import Controller
import Foundation
import MetricSources
import Synchronization
import Testing

/// A backend and metric source per region, and a read budget per tick, for reconciler tests.
final class RegionalConnections: TargetConnections {
    let backends: [String: FakeBackend]
    let metrics: FakeMetrics
    let daemonRegion: String
    private let capacity: Mutex<ReadCapacity?>
    /// Forecast history per region other than the daemon's; a region missing here is unreachable.
    let histories: [String: any MetricHistorySource]

    init(
        backends: [String: FakeBackend], metrics: FakeMetrics, daemonRegion: String = "us-east-1", capacity: ReadCapacity? = nil,
        histories: [String: any MetricHistorySource] = [:]
    ) {
        self.backends = backends
        self.metrics = metrics
        self.daemonRegion = daemonRegion
        self.capacity = Mutex(capacity)
        self.histories = histories
    }

    func history(for placement: TargetPlacement) async throws(TargetError) -> (any MetricHistorySource)? {
        // The daemon's own placement reads the reconciler's history source, as the daemon does.
        guard let region = placement.region else { return nil }
        guard let history = histories[region] else { throw .accessDenied("no history in \(region) in the test") }
        return history
    }

    func placement(of policy: CapacityPolicy) -> TargetPlacement {
        var placement = TargetPlacement(policy: policy)
        if placement.region == daemonRegion { placement.region = nil }
        return placement
    }

    func backend(for placement: TargetPlacement) async throws(TargetError) -> any CapacityBackend {
        guard let backend = backends[placement.region ?? daemonRegion] else { throw .accessDenied("no such region in the test") }
        return backend
    }

    func metrics(for placement: TargetPlacement) async throws(TargetError) -> any MetricSource { metrics }

    func labels(for placement: TargetPlacement) -> PlacementLabels {
        PlacementLabels(region: placement.region ?? daemonRegion, account: placement.account ?? "123456789012")
    }

    func readCapacity(for placement: TargetPlacement) async -> ReadCapacity? { capacity.withLock { $0 } }
}

@Suite("Placements: regions and roles as part of a target's identity; round-robin under an API budget")
struct PlacementTests {
    func placed(_ target: TargetReference, region: String?, role: String? = nil) -> CapacityPolicy {
        var policy = cpuPolicy(target)
        policy.region = region
        policy.roleARN = role
        return policy
    }

    @Test("ecs:prod/api in two regions: two targets, each read and written through its own region, each with its own memory")
    func sameTargetInTwoRegions() async throws {
        let api = ecs("api")
        let east = FakeBackend([api: TargetState(desired: 4, running: 4)])
        let west = FakeBackend([api: TargetState(desired: 2, running: 2)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        let journal = DecisionJournal(url: nil)
        let reconciler = Reconciler(
            policies: [placed(api, region: nil), placed(api, region: "eu-west-1")],
            connections: RegionalConnections(backends: ["us-east-1": east, "eu-west-1": west], metrics: metrics),
            store: InMemoryStateStore(), journal: journal)
        let report = await reconciler.reconcile(at: start, actuate: true)

        #expect(report.failures.isEmpty)
        #expect(await east.targets[api]?.desired == 6, "ceil(4 × 90 / 60)")
        #expect(await west.targets[api]?.desired == 3, "ceil(2 × 90 / 60), written in eu-west-1 only")
        #expect(report.outcomes.map(\.placement) == [.daemon, TargetPlacement(region: "eu-west-1")])
        #expect(await reconciler.record(for: api) != nil)
        #expect(await reconciler.record(for: api, in: TargetPlacement(region: "eu-west-1")) != nil)
        #expect(TargetPlacement(region: "eu-west-1").identity(of: api) == "ecs:prod/api@eu-west-1")
        #expect(TargetPlacement(region: "eu-west-1", roleARN: "arn:aws:iam::210987654321:role/headroom").identity(of: api)
            == "ecs:prod/api@210987654321/eu-west-1")
        let regions = await journal.entries.map(\.region)
        #expect(regions == ["us-east-1", "eu-west-1"], "the journal says which region each line is about")
    }

    @Test("forecast history is read where the target is, and kept under its identity")
    func forecastHistoryFollowsThePlacement() async throws {
        let api = ecs("api")
        func forecasting(_ region: String?) -> CapacityPolicy {
            var policy = placed(api, region: region)
            policy.forecast = ForecastPolicy(horizonSeconds: 900, bucketSeconds: 300, seasonsSeconds: [86_400], historySeconds: 2 * 86_400)
            return policy
        }
        // Two days of five-minute history: 30 % CPU on 4 tasks (2 units) in us-east-1, on 10
        // tasks (5 units) in eu-west-1; nothing in ap-south-1's account.
        func table(tasks: Double) -> TableHistory {
            var series: [String: [(Date, Double)]] = [:]
            series["PromQL `cpu:\(api)`"] = (1...575).map { (start.addingTimeInterval(Double(-300 * $0)), 30) }
            series[api.capacityHistoryQueryForTests(periodSeconds: 300).displayName] = (1...575).map {
                (start.addingTimeInterval(Double(-300 * $0)), tasks)
            }
            return TableHistory(series: series)
        }
        let backends = [
            "us-east-1": FakeBackend([api: TargetState(desired: 4, running: 4)]),
            "eu-west-1": FakeBackend([api: TargetState(desired: 10, running: 10)]),
            "ap-south-1": FakeBackend([api: TargetState(desired: 4, running: 4)]),
        ]
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 30)
        let reconciler = Reconciler(
            policies: [forecasting(nil), forecasting("eu-west-1"), forecasting("ap-south-1")],
            connections: RegionalConnections(backends: backends, metrics: metrics, histories: ["eu-west-1": table(tasks: 10)]),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil), history: table(tasks: 4))
        let report = await reconciler.reconcile(at: start, actuate: true)
        #expect(report.failures.isEmpty, "history that cannot be read never fails a target")

        let hourAgo = start.addingTimeInterval(-3600)
        let east = try #require(await reconciler.record(for: api)?.memory.history)
        let west = try #require(await reconciler.record(for: api, in: TargetPlacement(region: "eu-west-1"))?.memory.history)
        #expect(east.span >= 86_400 && west.span >= 86_400)
        #expect(east.value(at: east.index(of: hourAgo)) == 2, "us-east-1's past: 30 % of 4 tasks at a 60 % target")
        #expect(west.value(at: west.index(of: hourAgo)) == 5, "eu-west-1's past, read in eu-west-1: 30 % of 10 tasks")
        let south = await reconciler.record(for: api, in: TargetPlacement(region: "ap-south-1"))?.memory.history
        #expect((south?.span ?? 0) < 86_400, "an unreachable placement seeds nothing")
        let southOutcome = try #require(report.outcomes.first { $0.placement == TargetPlacement(region: "ap-south-1") })
        if case .historyUnreadable(_, _, let reason, _)? = southOutcome.forecast {
            #expect(reason.contains("ap-south-1"), "\(reason)")
        } else {
            Issue.record("ap-south-1's forecast should say its history is unreadable: \(String(describing: southOutcome.forecast))")
        }
    }

    @Test("a policy naming the daemon's own region is the same target as one naming none")
    func ownRegionIsTheDaemonPlacement() async {
        let connections = RegionalConnections(backends: [:], metrics: FakeMetrics())
        #expect(connections.placement(of: placed(ecs("api"), region: "us-east-1")) == .daemon)
    }

    @Test("a placement that cannot be reached fails its own targets only")
    func unreachablePlacement() async {
        let api = ecs("api")
        let east = FakeBackend([api: TargetState(desired: 4, running: 4)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        let reconciler = Reconciler(
            policies: [placed(api, region: "ap-south-1"), placed(api, region: nil)],
            connections: RegionalConnections(backends: ["us-east-1": east], metrics: metrics),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let report = await reconciler.reconcile(at: start, actuate: true)
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.placement == TargetPlacement(region: "ap-south-1"))
        #expect(report.failures.first?.error?.kind == "access_denied")
        #expect(await east.targets[api]?.desired == 6)
    }

    @Test("ReadCapacity counts batched calls: 10 services per DescribeServices, 50 per DescribeScalableTargets, per cluster")
    func affordableCounts() {
        let services = (0..<100).map { TargetReference.ecsService(cluster: $0 < 50 ? "a" : "b", service: "s\($0)") }
        let queries = [Int](repeating: 1, count: 100)
        #expect(ReadCapacity(calls: [.ecsServiceRead: 3]).affordableCount(of: services, cloudWatchQueries: queries) == 30)
        #expect(ReadCapacity(calls: [.ecsServiceRead: 10, .applicationAutoScalingRead: 1]).affordableCount(of: services, cloudWatchQueries: queries) == 50,
            "the second cluster needs its own DescribeScalableTargets")
        #expect(ReadCapacity(calls: [.cloudWatchGetMetricData: 0]).affordableCount(of: services, cloudWatchQueries: queries) == 0)
        #expect(ReadCapacity(calls: [:]).affordableCount(of: services, cloudWatchQueries: queries) == 100)
        let groups = (0..<120).map { TargetReference.autoScalingGroup(name: "g\($0)") }
        #expect(ReadCapacity(calls: [.autoScalingRead: 2]).affordableCount(of: groups, cloudWatchQueries: []) == 100)
    }

    @Test("the round-robin window serves every position once before any twice, whatever the window size", arguments: [1, 3, 7, 10, 11])
    func windowNeverStarves(size: Int) {
        var window = RoundRobinWindow()
        let count = 10
        var served: [Int: Int] = [:]
        let ticks = (count + size - 1) / size
        for _ in 0..<ticks {
            for position in window.next(count: count, affordable: size) { served[position, default: 0] += 1 }
        }
        #expect(served.count == count, "every position within ⌈count/size⌉ ticks")
        #expect(served.values.max()! - served.values.min()! <= 1)
    }

    @Test("a budget for 30 of 100 services: each tick reads 30, every service is decided within 4 ticks, and the report says how many waited")
    func roundRobinUnderBudget() async throws {
        let targets = (0..<100).map { TargetReference.ecsService(cluster: "prod", service: String(format: "svc-%03d", $0)) }
        let backend = FakeBackend(Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetState(desired: 4, running: 4)) }))
        let metrics = FakeMetrics()
        for target in targets { await metrics.set("cpu:\(target)", 90) }
        let connections = RegionalConnections(
            backends: ["us-east-1": backend], metrics: metrics, capacity: ReadCapacity(calls: [.ecsServiceRead: 3]))
        let recorder = ControllerMetrics()
        let reconciler = Reconciler(
            policies: targets.map { cpuPolicy($0) }, connections: connections, store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil), recorder: recorder)
        var decidedAt: [TargetReference: [Int]] = [:]
        for tick in 0..<8 {
            let report = await reconciler.reconcile(at: start.addingTimeInterval(Double(tick) * 15), actuate: true)
            #expect(report.outcomes.count == 30 && report.deferredTargets == 70, "tick \(tick)")
            for outcome in report.outcomes { decidedAt[outcome.target, default: []].append(tick) }
        }
        #expect(await backend.describeCalls.allSatisfy { $0.count == 30 }, "never more than the budget's 3 × 10 services")
        #expect(decidedAt.count == 100, "no service starved")
        for (target, ticks) in decidedAt {
            #expect(ticks.first! < 4, "\(target) first decided at tick \(ticks.first!)")
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 <= 4 }, "\(target) decided at \(ticks)")
        }
        let exposition = recorder.exposition()
        let deferred = exposition.split(separator: "\n").first { $0.hasPrefix(#"headroom_api_budget_deferred_targets{region="us-east-1",account="123456789012"} "#) }
        #expect(deferred.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } == 70, "\(exposition)")
    }
}
