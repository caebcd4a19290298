import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import MetricSources
import Testing

extension FaultScenarioTests {
    @Test("A service and a group deleted between ticks: each is logged and skipped; the others still scale")
    func targetDeletedUnderneath() async throws {
        let scenario = try await Scenario(motoURL: try motoURL)
        let seed = scenario.seed
        try await seed.cluster("del", services: ["a", "b", "c"], desiredCount: 2)
        try await seed.autoScalingGroup("del-g", min: 1, max: 10, desired: 2)
        try await seed.autoScalingGroup("del-h", min: 1, max: 10, desired: 2)
        let targets = ["a", "b", "c"].map { TargetReference.ecsService(cluster: "del", service: $0) }
            + [TargetReference.autoScalingGroup(name: "del-g"), .autoScalingGroup(name: "del-h")]
        let prometheus = try PrometheusStub()
        for target in targets { prometheus.set("load:\(target)", 240) }
        let logs = LogCapture()
        let reconciler = Reconciler(
            policies: targets.map { ScenarioPolicy.total($0, query: "load:\($0)", min: 1, max: 10) },
            backend: scenario.backend(retry: scenario.retryStrategy()),
            metrics: PrometheusMetricSource(client: try PrometheusClient(baseURL: prometheus.baseURL), logger: Self.quiet),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: logs.logger(label: "reconciler"))
        let first = await reconciler.reconcile(at: scenario.clock.now, actuate: true)
        #expect(first.failures.isEmpty)
        #expect(try await scenario.desiredCounts(cluster: "del", ["a", "b", "c"]) == ["a": 4, "b": 4, "c": 4])

        // Delete service b (ECS marks it INACTIVE) and group del-g, straight in moto.
        let ecs = scenario.identity.client(.ecs)
        try await ecs.json("DeleteService", input: DeleteServiceInput(cluster: "del", service: "b", force: true))
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", "del-g")
        parameters.add("ForceDelete", "true")
        _ = try await scenario.identity.client(.autoScaling).query("DeleteAutoScalingGroup", parameters: parameters)

        for target in targets { prometheus.set("load:\(target)", 360) }
        let second = await reconciler.reconcile(at: scenario.clock.now.addingTimeInterval(15), actuate: true)
        let failed = Set(second.failures.map(\.target))
        #expect(failed == [targets[1], targets[3]])
        #expect(second.failures.allSatisfy { $0.error?.isNotFound == true }, "\(second.failures.map { $0.error?.message ?? "" })")
        let counts = try await scenario.desiredCounts(cluster: "del", ["a", "c"])
        #expect(counts == ["a": 6, "c": 6])
        #expect(try await scenario.groupDesired("del-h") == 6)
        let skipped = logs.lines.filter { $0.contains("skipping target") }
        #expect(skipped.count == 2, "\(logs.lines)")
        #expect(skipped.contains { $0.contains("ecs:del/b") } && skipped.contains { $0.contains("asg:del-g") })
    }
}

/// ECS DeleteService's input; `force` deletes a service that still has a desired count.
struct DeleteServiceInput: Encodable, Sendable {
    var cluster: String
    var service: String
    var force: Bool
}
