import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import Logging
import MetricSources
import Testing

extension FaultScenarioTests {
    /// Every fault the proxy knows, on every AWS call of one tick.
    static let faults: [Fault] = [
        .throttle, .status(500), .status(503), .latency(.seconds(6)), .reset, .close, .truncatedBody, .malformedBody,
        .wrongContentType, .htmlPage, .oversizedBody(2 << 20), .skewedClock(seconds: 3600),
    ]

    /// Faults the client gets through without failing a target: a content type it does not
    /// rely on, a server clock it corrects for, a latency that only the first attempts meet.
    static func isSurvivable(_ fault: Fault) -> Bool {
        switch fault {
        case .wrongContentType, .skewedClock, .latency: true
        default: false
        }
    }

    @Test("Each fault on every AWS call of a tick: the tick ends, nothing is written outside [min, max], failed targets keep their capacity, the next tick converges", arguments: zip(faults.indices, faults))
    func everyFaultOnATick(index: Int, fault: Fault) async throws {
        let scenario = try await Scenario(motoURL: try motoURL)
        let cluster = "fm-\(index)"
        let seed = scenario.seed
        try await seed.cluster(cluster, services: ["api"], desiredCount: 2)
        _ = try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: cluster, service: "api"), minCapacity: 1, maxCapacity: 10))
        try await seed.autoScalingGroup("\(cluster)-g", min: 1, max: 10, desired: 2)
        let api = TargetReference.ecsService(cluster: cluster, service: "api")
        let group = TargetReference.autoScalingGroup(name: "\(cluster)-g")
        let prometheus = try PrometheusStub()
        prometheus.set("load:api", 300)  // 5 units
        prometheus.set("load:group", 240)  // 4 units

        // A latency beyond the 4 s deadline for the first two requests only: the retries get through.
        let schedule: FaultSchedule = fault == .latency(.seconds(6)) ? .requests(0..<2) : .always
        scenario.proxy.setPlan(FaultPlan(rules: [
            FaultRule(.services(["ecs", "application-autoscaling", "autoscaling"]), when: schedule, fault),
        ]))
        let retry = scenario.retryStrategy()
        let reconciler = Reconciler(
            policies: [
                ScenarioPolicy.total(api, query: "load:api", min: 1, max: 10),
                ScenarioPolicy.total(group, query: "load:group", min: 1, max: 10),
            ],
            backend: scenario.backend(retry: retry),
            metrics: PrometheusMetricSource(client: try PrometheusClient(baseURL: prometheus.baseURL), logger: Self.quiet),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: Self.quiet)

        let faulted = await reconciler.reconcile(at: scenario.clock.now, actuate: true)
        let calls = scenario.proxy.exchanges
        #expect(calls.count <= Self.callBudget(targets: 2, attempts: retry.maxAttempts), "\(fault): \(calls.count) calls")
        #expect(calls.contains { $0.fault == fault }, "the proxy injected \(fault)")
        var desired = try await scenario.desiredCounts(cluster: cluster, ["api"])["api"]
        var groupDesired = try await scenario.groupDesired("\(cluster)-g")
        if Self.isSurvivable(fault) {
            #expect(faulted.failures.isEmpty, "\(fault): \(faulted.failures.map { "\($0.error.map(String.init(describing:)) ?? "")" })")
            #expect(desired == 5 && groupDesired == 4)
        } else {
            #expect(faulted.failures.count == 2, "\(fault): both targets fail to be read")
            for failure in faulted.failures {
                let message = failure.error?.message ?? ""
                #expect(!message.isEmpty && !message.contains("\n"), "one line naming the target: \(message)")
                #expect(message.hasPrefix("\(failure.target)"), "\(message)")
                #expect(failure.error?.isNotFound == false, "\(fault): a broken answer is not a deleted target: \(message)")
            }
            #expect(desired == 2 && groupDesired == 2, "\(fault): capacity untouched when AWS cannot be read")
        }

        scenario.proxy.setPlan(.none)
        let recovered = await reconciler.reconcile(at: scenario.clock.now.addingTimeInterval(15), actuate: true)
        #expect(recovered.failures.isEmpty, "\(fault): \(recovered.failures.map { $0.error?.message ?? "" })")
        desired = try await scenario.desiredCounts(cluster: cluster, ["api"])["api"]
        groupDesired = try await scenario.groupDesired("\(cluster)-g")
        #expect(desired == 5 && groupDesired == 4, "\(fault): converged after the fault")
    }
}
