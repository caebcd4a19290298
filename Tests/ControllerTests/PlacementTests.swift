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

    @Test("coverage: at AWS's default limits over 90 % of a 15 s tick, 10,000 services with one CloudWatch metric each are all decided, 2,700 described")
    func coverageOfALargeFleet() {
        let services = (0..<10_000).map { TargetReference.ecsService(cluster: "c\($0 / 1000)", service: "s\($0)") }
        let capacity = ReadCapacity(calls: APIBudget.defaultLimits.mapValues { $0.rate * 13.5 })
        let coverage = capacity.coverage(of: services, cloudWatchQueries: Array(repeating: 1, count: services.count))
        // GetMetricData: 675 calls × 500 queries; DescribeServices: 270 calls × 10 services.
        #expect(coverage.decided == 10_000 && coverage.described == 2_700, "\(coverage)")
        let starved = ReadCapacity(calls: [.cloudWatchGetMetricData: 4, .ecsServiceRead: 1000])
        #expect(starved.coverage(of: services, cloudWatchQueries: Array(repeating: 1, count: services.count)) == (2_000, 10_000))
    }

    @Test("the describe share shrinks when describes and the rest overran the tick's seconds, grows back to 1 when they fit, and stays within 0.1...1")
    func describeShareFitsTheTick() {
        let capacity = ReadCapacity(calls: [.ecsServiceRead: 333], seconds: 13.5)
        // Describes took 17 s and the rest 2.7 s: 10.8 s were there for describes.
        let shrunk = capacity.nextDescribeShare(1, describedIn: 17, otherSeconds: 2.7)
        #expect(abs(shrunk - (10.8 / 17).squareRoot()) < 1e-9)
        // Simulated ticks whose describes take time in proportion to the share settle where they fit.
        var share = 1.0
        for _ in 0..<30 { share = capacity.nextDescribeShare(share, describedIn: 17 * share, otherSeconds: 2.7) }
        #expect(abs(17 * share - 10.8) < 0.05, "settles with describes filling the 10.8 s left: \(share)")
        #expect(capacity.nextDescribeShare(0.5, describedIn: 1, otherSeconds: 1) == 1, "a quick tick grows the share back to 1, no further")
        #expect(capacity.nextDescribeShare(0.12, describedIn: 100, otherSeconds: 20) == 0.1, "never below a tenth")
        #expect(ReadCapacity(calls: [:]).nextDescribeShare(0.7, describedIn: 30, otherSeconds: 2) == 0.7, "unknown seconds: unchanged")
        #expect(capacity.scaled(by: 0.5).calls == [.ecsServiceRead: 166.5] && capacity.scaled(by: 0.5).seconds == 13.5)
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

    /// 100 services at their target (no write wanted), a budget of 3 `DescribeServices`
    /// calls (30 services) a tick, and a reconciler over them.
    func budgetedFleet(lifetime: TimeInterval = 300) async -> (FakeBackend, FakeMetrics, Reconciler, ControllerMetrics, [TargetReference]) {
        let targets = (0..<100).map { TargetReference.ecsService(cluster: "prod", service: String(format: "svc-%03d", $0)) }
        let backend = FakeBackend(Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetState(desired: 4, running: 4)) }))
        let metrics = FakeMetrics()
        for target in targets { await metrics.set("cpu:\(target)", 60) }
        let connections = RegionalConnections(
            backends: ["us-east-1": backend], metrics: metrics, capacity: ReadCapacity(calls: [.ecsServiceRead: 3]))
        let recorder = ControllerMetrics()
        let reconciler = Reconciler(
            policies: targets.map { cpuPolicy($0) }, connections: connections, store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil), recorder: recorder, seenStateLifetime: lifetime)
        return (backend, metrics, reconciler, recorder, targets)
    }

    func gauge(_ name: String, in exposition: String) -> Double? {
        let line = exposition.split(separator: "\n").first { $0.hasPrefix(#"\#(name){region="us-east-1",account="123456789012"} "#) }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
    }

    @Test(
        "a budget that describes 30 of 100 services a tick: from the 4th tick every service is decided every tick on counts at most 3 ticks old, each is described every 4 ticks, and /metrics says so",
        arguments: [true, false])
    func everyServiceDecidedEveryTick(actuate: Bool) async throws {
        let (backend, _, reconciler, recorder, _) = await budgetedFleet()
        var describedAt: [TargetReference: [Int]] = [:]
        for tick in 0..<10 {
            let now = start.addingTimeInterval(Double(tick) * 15)
            let report = await reconciler.reconcile(at: now, actuate: actuate)
            let expected = min(100, 30 * (tick + 1))
            #expect(report.outcomes.count == expected && report.deferredTargets == 100 - expected, "tick \(tick): \(report.outcomes.count) decided")
            #expect(report.failures.isEmpty)
            let calls = await backend.describeCalls
            #expect(calls.count == tick + 1 && calls.last?.count == 30, "one describe of the budget's 3 × 10 services a tick")
            for target in calls.last ?? [] { describedAt[target, default: []].append(tick) }
            for outcome in report.outcomes {
                let age = now.timeIntervalSince(try #require(outcome.stateSeenAt))
                #expect(age <= 45, "\(outcome.target) decided on counts \(age) s old")
                #expect(outcome.decidedOnEarlierState == (age > 0))
            }
        }
        #expect(describedAt.count == 100, "no service starved of describes")
        for (target, ticks) in describedAt {
            #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $1 - $0 <= 4 }, "\(target) described at \(ticks)")
        }
        #expect(await backend.writes.isEmpty)
        let exposition = recorder.exposition()
        #expect(gauge("headroom_api_budget_served_targets", in: exposition) == 100, "\(exposition)")
        #expect(gauge("headroom_api_budget_described_targets", in: exposition) == 30)
        #expect(gauge("headroom_api_budget_deferred_targets", in: exposition) == 0)
    }

    @Test("a service whose load jumps is described first and scaled in that same tick, though its turn to be described was ticks away")
    func jumpIsDescribedFirst() async throws {
        let (backend, metrics, reconciler, _, _) = await budgetedFleet()
        for tick in 0..<5 { _ = await reconciler.reconcile(at: start.addingTimeInterval(Double(tick) * 15), actuate: true) }
        // The last service described is the furthest from its next turn.
        let hot = try #require(await backend.describeCalls.last?.last)
        await metrics.set("cpu:\(hot)", 95)
        let report = await reconciler.reconcile(at: start.addingTimeInterval(75), actuate: true)
        #expect(await backend.describeCalls.last?.first == hot)
        let outcome = try #require(report.outcomes.first { $0.target == hot })
        #expect(outcome.stateSeenAt == start.addingTimeInterval(75), "decided on the counts read this tick")
        #expect(outcome.actions == [.setDesired(from: 4, to: 7)], "\(outcome.actions)")
        #expect(await backend.writes == ["\(hot) desired=7"])
        #expect(report.outcomes.count == 100 && report.deferredTargets == 0)
    }

    @Test("a decision on earlier counts never writes: when more services would write than the budget describes, the rest wait undecided, memory untouched, and are described first next tick")
    func writesOnlyOnFreshCounts() async throws {
        let (backend, metrics, reconciler, _, targets) = await budgetedFleet()
        for tick in 0..<5 { _ = await reconciler.reconcile(at: start.addingTimeInterval(Double(tick) * 15), actuate: true) }
        let hot = Array(targets[10..<60])
        for target in hot { await metrics.set("cpu:\(target)", 95) }
        var waited: Set<TargetReference> = []
        for tick in 5..<8 {
            await backend.clearWrites()
            let before = Dictionary(uniqueKeysWithValues: await hot.asyncMap { ($0, await reconciler.record(for: $0)) })
            let report = await reconciler.reconcile(at: start.addingTimeInterval(Double(tick) * 15), actuate: true)
            let described = Set(await backend.describeCalls.last ?? [])
            let written = Set(await backend.writes.map { String($0.prefix { $0 != " " }) })
            #expect(written.isSubset(of: Set(described.map(\.description))), "tick \(tick): every write on counts read this tick")
            if tick == 6 { #expect(waited.isSubset(of: described), "those that waited are described first") }
            let decided = Set(report.outcomes.map(\.target))
            waited = Set(hot.filter { !decided.contains($0) })
            #expect(report.deferredTargets == waited.count)
            if tick == 5 { #expect(waited.count == 20, "50 would write; 30 could be described") }
            for target in waited { #expect(await reconciler.record(for: target) == before[target] ?? nil, "\(target)'s memory untouched") }
        }
    }

    @Test("counts older than the lifetime are not decided on: with 20 services, 10 described a tick and a 10 s lifetime, each is decided every other tick")
    func staleCountsAreNotDecidedOn() async throws {
        let targets = (0..<20).map { TargetReference.ecsService(cluster: "prod", service: "s\($0)") }
        let backend = FakeBackend(Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetState(desired: 4, running: 4)) }))
        let metrics = FakeMetrics()
        for target in targets { await metrics.set("cpu:\(target)", 60) }
        let reconciler = Reconciler(
            policies: targets.map { cpuPolicy($0) },
            connections: RegionalConnections(backends: ["us-east-1": backend], metrics: metrics, capacity: ReadCapacity(calls: [.ecsServiceRead: 1])),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil), seenStateLifetime: 10)
        var decidedAt: [TargetReference: [Int]] = [:]
        for tick in 0..<6 {
            let report = await reconciler.reconcile(at: start.addingTimeInterval(Double(tick) * 15), actuate: true)
            #expect(report.outcomes.count == 10 && report.deferredTargets == 10, "tick \(tick)")
            #expect(report.outcomes.allSatisfy { !$0.decidedOnEarlierState })
            for outcome in report.outcomes { decidedAt[outcome.target, default: []].append(tick) }
        }
        #expect(decidedAt.count == 20 && decidedAt.values.allSatisfy { $0.count == 3 }, "\(decidedAt)")
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var result: [T] = []
        for element in self { result.append(await transform(element)) }
        return result
    }
}
