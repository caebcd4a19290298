import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import MetricSources
import Testing

/// The daemon's reconciler, with its real AWS and metric clients, against moto and a
/// Prometheus stub behind ``FaultProxy``s. Time is virtual: a tick is 15 s on a
/// ``VirtualClock`` and the retry layer's backoff advances that clock, so five minutes of
/// throttling take a second. Every scenario asserts on what moto holds in the end.
@Suite(
    "Reliability: faults between the daemon and its peers",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct FaultScenarioTests {
    var motoURL: URL {
        get throws { try #require(MotoServer.current, "the .motoServer trait provides the server").baseURL }
    }

    /// Where the daemon's logs go in these tests: kept, not printed (hundreds of warnings).
    static let quiet = LogCapture().logger(label: "reliability", level: .error)

    /// Reads, at most: DescribeServices, DescribeScalableTargets, DescribeAutoScalingGroups;
    /// per target written, the check for AWS's own scaling (its scaling policies and scheduled
    /// actions, two calls while it has none) and one write. Each may take all of its attempts.
    /// (The check came after this budget was first written, which counted describes and writes
    /// only; a tick with 19 calls broke it once the checks of a tick's writers came first.)
    static func callBudget(targets: Int, attempts: Int) -> Int { (3 + 3 * targets) * attempts }

    @Test("50 % of AWS calls throttled for 5 minutes: the retry quota holds, no tick exceeds its call budget, capacity stays in bounds and converges")
    func throttledForFiveMinutes() async throws {
        let scenario = try await Scenario(motoURL: try motoURL)
        let start = scenario.clock.now
        let window = start..<start.addingTimeInterval(300)
        scenario.proxy.setPlan(FaultPlan(seed: 2026, rules: [
            FaultRule(.services(["ecs", "application-autoscaling", "autoscaling"]), when: .all([.during(window), .probability(0.5)]), .throttle),
        ]))
        let seed = scenario.seed
        try await seed.cluster("thr", services: ["api", "web"], desiredCount: 2)
        _ = try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: "thr", service: "api"), minCapacity: 1, maxCapacity: 20))
        try await seed.autoScalingGroup("thr-gpu", min: 1, max: 10, desired: 2)

        let api = TargetReference.ecsService(cluster: "thr", service: "api")
        let web = TargetReference.ecsService(cluster: "thr", service: "web")
        let gpu = TargetReference.autoScalingGroup(name: "thr-gpu")
        let prometheus = try PrometheusStub()
        prometheus.set("load:api", 480)  // 8 units
        prometheus.set("load:web", 600)  // 10 units, above web's max of 6
        prometheus.set("load:gpu", 420)  // 7 units
        let policies = [
            ScenarioPolicy.total(api, query: "load:api", min: 1, max: 20),
            ScenarioPolicy.total(web, query: "load:web", min: 1, max: 6),
            ScenarioPolicy.total(gpu, query: "load:gpu", min: 1, max: 10),
        ]
        let retry = scenario.retryStrategy()
        let backend = scenario.backend(retry: retry)
        let reconciler = Reconciler(
            policies: policies, backend: backend,
            metrics: PrometheusMetricSource(client: try PrometheusClient(baseURL: prometheus.baseURL), logger: Self.quiet),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: Self.quiet)
        let quotas = [backend.ecs.client.retryQuota, backend.applicationAutoScaling.client.retryQuota, backend.autoScaling.client.retryQuota]
        let budget = Self.callBudget(targets: 3, attempts: retry.maxAttempts)

        var lowestQuota = Int.max
        var ticks = 0
        var lastTickCalls: [FaultProxy.Exchange] = []
        while scenario.clock.now < window.upperBound.addingTimeInterval(60) {
            let before = scenario.proxy.exchanges.count
            _ = await reconciler.reconcile(at: scenario.clock.now, actuate: true)
            lastTickCalls = scenario.proxy.exchanges(since: before)
            #expect(lastTickCalls.count <= budget, "tick \(ticks) sent \(lastTickCalls.count) calls; the budget is \(budget)")
            for quota in quotas { lowestQuota = min(lowestQuota, await quota.available) }

            let counts = try await scenario.desiredCounts(cluster: "thr", ["api", "web"])
            let group = try await scenario.groupDesired("thr-gpu")
            #expect((1...20).contains(counts["api"] ?? -1) && (1...6).contains(counts["web"] ?? -1) && (1...10).contains(group ?? -1))
            scenario.clock.advance(by: 15)
            ticks += 1
        }

        let throttled = scenario.proxy.exchanges.filter { $0.fault == .throttle }.count
        #expect(throttled >= 20, "the plan throttled \(throttled) calls")
        #expect(lowestQuota > 0, "the retry quota was never exhausted (lowest \(lowestQuota) of 500)")
        // Converged: each target where its metric and bounds put it, and the last tick (no
        // faults any more) only read: nothing left to write.
        #expect(try await scenario.desiredCounts(cluster: "thr", ["api", "web"]) == ["api": 8, "web": 6])
        #expect(try await scenario.groupDesired("thr-gpu") == 7)
        #expect(lastTickCalls.allSatisfy { $0.fault == nil && !FaultProxy.writeOperations.contains($0.call.operation) })
        #expect(lastTickCalls.count == 3, "one batched read per service: \(lastTickCalls.map(\.call.description))")
    }

    @Test("CloudWatch and Prometheus down for 10 minutes: no scale-in, the configured fallback scales out, decisions resume when data returns")
    func metricsOutage() async throws {
        let scenario = try await Scenario(motoURL: try motoURL)
        let start = scenario.clock.now
        let outage = start.addingTimeInterval(180)..<start.addingTimeInterval(780)
        let half = outage.lowerBound.addingTimeInterval(300)
        scenario.proxy.setPlan(FaultPlan(rules: [
            FaultRule(.services(["monitoring"]), when: .during(outage.lowerBound..<half), .status(503)),
            FaultRule(.services(["monitoring"]), when: .during(half..<outage.upperBound), .reset),
        ]))
        let prometheus = try PrometheusStub()
        let prometheusProxy = try FaultProxy(upstream: prometheus.baseURL, plan: FaultPlan(rules: [
            FaultRule(.path("/api/v1/query"), when: .during(outage.lowerBound..<half), .malformedBody),
            FaultRule(.path("/api/v1/query"), when: .during(half..<outage.upperBound), .htmlPage),
        ]), clock: scenario.clock.read)

        let seed = scenario.seed
        try await seed.cluster("out", services: ["api", "batch", "queue"], desiredCount: 6)
        for service in ["api", "batch", "queue"] {
            _ = try await seed.applicationAutoScaling.registerScalableTarget(.init(
                target: .ecsService(cluster: "out", service: service), minCapacity: 2, maxCapacity: 12))
        }
        let api = TargetReference.ecsService(cluster: "out", service: "api")
        let batch = TargetReference.ecsService(cluster: "out", service: "batch")
        let queue = TargetReference.ecsService(cluster: "out", service: "queue")
        let policies = [
            ScenarioPolicy.cpu(api, cluster: "out", service: "api", min: 2, max: 12),
            ScenarioPolicy.cpu(batch, cluster: "out", service: "batch", min: 2, max: 12, fallback: FallbackPolicy(failureThreshold: 3, capacity: 9)),
            ScenarioPolicy.total(queue, query: "backlog", min: 2, max: 12),
        ]
        let retry = scenario.retryStrategy()
        let metrics = MetricRouter(
            cloudWatch: CloudWatchMetricSource(client: CloudWatchClient(client: scenario.client(.cloudWatch, retry: retry)), logger: Self.quiet),
            prometheus: PrometheusMetricSource(client: try PrometheusClient(baseURL: prometheusProxy.baseURL), logger: Self.quiet))
        let reconciler = Reconciler(
            policies: policies, backend: scenario.backend(retry: retry), metrics: metrics,
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: Self.quiet)
        let cloudWatch = CloudWatchClient(client: scenario.directClient(.cloudWatch))

        // Load is steady (CPU 60 %, backlog 360 = 6 units) until the outage starts, then
        // drops to a sixth; the daemon sees the drop only once the sources answer again.
        var published = start.addingTimeInterval(-300)
        var fallbackSeenAt: Date?
        while scenario.clock.now < outage.upperBound.addingTimeInterval(120) {
            let now = scenario.clock.now
            let low = now >= outage.lowerBound
            prometheus.set("backlog", low ? 60 : 360)
            var data: [CloudWatch.MetricDatum] = []
            while published.addingTimeInterval(60) <= now {
                let cpu = published >= outage.lowerBound ? 10.0 : 60.0
                for service in ["api", "batch"] {
                    data.append(CloudWatch.MetricDatum(
                        metricName: "CPUUtilization",
                        dimensions: [.init(name: "ClusterName", value: "out"), .init(name: "ServiceName", value: service)],
                        timestamp: published, value: cpu, unit: "Percent"))
                }
                published = published.addingTimeInterval(60)
            }
            if !data.isEmpty { try await cloudWatch.putMetricData(namespace: "AWS/ECS", data: data) }

            let report = await reconciler.reconcile(at: now, actuate: true)
            let counts = try await scenario.desiredCounts(cluster: "out", ["api", "batch", "queue"])
            if now < outage.upperBound {
                #expect(counts["api"] == 6, "no scale-in during the outage, t+\(Int(now.timeIntervalSince(start))) s: \(counts)")
                #expect(counts["queue"] == 6, "no scale-in during the outage, t+\(Int(now.timeIntervalSince(start))) s: \(counts)")
                #expect((6...12).contains(counts["batch"] ?? -1), "batch only ever rises during the outage: \(counts)")
                if counts["batch"] == 9, fallbackSeenAt == nil { fallbackSeenAt = now }
            }
            if low && now < outage.upperBound {
                #expect(report.outcomes.allSatisfy { $0.error == nil }, "AWS itself is fine: no target fails")
            }
            for (service, count) in counts { #expect((2...12).contains(count), "\(service) out of bounds: \(count)") }
            scenario.clock.advance(by: 15)
        }

        let fallback = try #require(fallbackSeenAt, "the fallback raised batch to 9 during the outage")
        #expect(fallback.timeIntervalSince(outage.lowerBound) <= 60, "three failed evaluations of 15 s each, then the fallback")
        // Data is back: the drop is seen and acted on (10 % CPU of 6 or 9 units → 1–2 units,
        // the minimum is 2; a backlog of 60 → 1 unit, also held at 2).
        #expect(try await scenario.desiredCounts(cluster: "out", ["api", "batch", "queue"]) == ["api": 2, "batch": 2, "queue": 2])
        let injected = scenario.proxy.exchanges.filter { $0.fault != nil }.count + prometheusProxy.exchanges.filter { $0.fault != nil }.count
        #expect(injected >= 40, "the outage refused \(injected) metric calls")
        #expect(scenario.proxy.exchanges.allSatisfy { $0.fault == nil || $0.call.service == "monitoring" })
    }
}
