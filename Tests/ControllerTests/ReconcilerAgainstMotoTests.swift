import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import MetricSources
import PolicyFiles
import Testing

/// The daemon's reconcile — ``Reconciler`` over ``AWSCapacityBackend`` and
/// ``CloudWatchMetricSource`` — against moto with signature checks on, driven by an injected
/// clock: each tick is `reconcile(at:)` at a chosen time, and the CloudWatch datapoints sit at
/// those times. What the controller did is read back from moto (ECS desiredCount, the scalable
/// target's MinCapacity), so minutes of controller time take a second.
@Suite(
    "Reconciler against moto with an injected clock",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct ReconcilerAgainstMotoTests {
    /// The fake clock's start: a whole minute two hours ago, so every datapoint is in the past.
    let start = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 / 60).rounded(.down) - 120) * 60)

    func administrator() async throws -> MotoIdentity {
        let endpoint = try #require(MotoServer.current, "the .motoServer trait provides the server").baseURL
        return try await MotoAccount.shared.administrator(at: endpoint)
    }

    /// A reconciler for the policy in `yaml` (loaded as the daemon loads files, at the fake
    /// start), wired to moto the way the daemon wires it.
    func reconciler(_ yaml: String, as identity: MotoIdentity) throws -> Reconciler {
        let policy = try PolicyFileLoader.load(yaml: yaml, path: "policy.yaml", reference: start)
        return Reconciler(
            policies: [policy], backend: try AWSCapacityBackend(configuration: identity.configuration()),
            metrics: CloudWatchMetricSource(client: CloudWatchClient(client: identity.client(.cloudWatch))),
            store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
    }

    /// `value` as the service's CPU for every minute from 10 minutes before the start to `minutes` after it.
    func putCPU(_ value: Double, cluster: String, minutes: Int, as identity: MotoIdentity) async throws {
        let data = (-10...minutes).map { minute in
            CloudWatch.MetricDatum(
                metricName: "CPUUtilization",
                dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")],
                timestamp: start.addingTimeInterval(Double(minute * 60)), value: value, unit: "Percent")
        }
        try await CloudWatchClient(client: identity.client(.cloudWatch)).putMetricData(namespace: "AWS/ECS", data: data)
    }

    func cpuPolicy(cluster: String, min: Int, scaleInWindow: Int, schedules: String = "") -> String {
        TestPolicies.ecsCPU(cluster: cluster, min: min, more: """
              ScaleIn:
                StabilizationWindowSeconds: \(scaleInWindow)
            \(schedules)
            """)
    }

    func desiredCount(_ cluster: String, _ seed: MotoSeed) async throws -> Int? {
        try await seed.ecs.describeServices(cluster: cluster, services: ["api"]).service(named: "api")?.desiredCount
    }

    func minCapacity(_ cluster: String, _ seed: MotoSeed) async throws -> Int? {
        try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: cluster, service: "api"))?.minCapacity
    }

    @Test("CPU 20 % on 8 tasks: held through the 120 s scale-in window, then scaled in to ceil(8 × 20 / 60) = 3")
    func belowTargetHoldsThenScalesIn() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        try await seed.cluster("calm", services: ["api"], desiredCount: 8)
        try await putCPU(20, cluster: "calm", minutes: 5, as: admin)
        let reconciler = try reconciler(cpuPolicy(cluster: "calm", min: 1, scaleInWindow: 120), as: admin)

        for seconds in [0, 30, 60, 90, 115] {
            let report = await reconciler.reconcile(at: start.addingTimeInterval(Double(seconds)), actuate: true)
            let outcome = try #require(report.outcomes.first)
            #expect(outcome.error == nil, "t+\(seconds) s: \(String(describing: outcome.error))")
            #expect(outcome.decision?.recommendation == 3, "t+\(seconds) s: the metric asks for 3")
            #expect(outcome.decision?.desired == 8, "t+\(seconds) s: held by the window")
            #expect(outcome.decision?.reasons.contains { $0.code == "stabilized" } == true, "\(String(describing: outcome.decision?.reasons))")
            #expect(outcome.actions.isEmpty)
            #expect(try await desiredCount("calm", seed) == 8, "t+\(seconds) s: nothing written inside the window")
        }
        let report = await reconciler.reconcile(at: start.addingTimeInterval(125), actuate: true)
        #expect(report.outcomes.first?.actions == [.setDesired(from: 8, to: 3)])
        #expect(try await desiredCount("calm", seed) == 3, "scaled in once the window has passed")
        // And it stays there: the next tick writes nothing.
        let next = await reconciler.reconcile(at: start.addingTimeInterval(140), actuate: true)
        #expect(next.outcomes.first?.actions == [])
    }

    @Test("a schedule window raises MinCapacity and desiredCount at its start, and MinCapacity goes back after its end")
    func scheduleWindowRaisesTheFloor() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        try await seed.cluster("sched", services: ["api"], desiredCount: 3)
        _ = try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: "sched", service: "api"), minCapacity: 2, maxCapacity: 20))
        // 60 % is the target: the metric alone keeps whatever count there is.
        try await putCPU(60, cluster: "sched", minutes: 20, as: admin)
        let opens = start.addingTimeInterval(5 * 60)
        let schedule = """
            ScheduledActions:
              - Name: launch-event
                Schedule: at(\(String(opens.formatted(.iso8601).dropLast())))
                Duration: 10m
                MinCapacity: 6
            """
        let reconciler = try reconciler(cpuPolicy(cluster: "sched", min: 2, scaleInWindow: 0, schedules: schedule), as: admin)

        func tick(_ minutes: Double) async throws -> TargetOutcome {
            let report = await reconciler.reconcile(at: start.addingTimeInterval(minutes * 60), actuate: true)
            let outcome = try #require(report.outcomes.first)
            #expect(outcome.error == nil, "t+\(minutes) min: \(String(describing: outcome.error))")
            return outcome
        }
        for minutes in [0.0, 2, 4.9] {
            let outcome = try await tick(minutes)
            #expect(outcome.actions.isEmpty, "t+\(minutes) min, before the window: \(outcome.actions)")
            #expect(try await minCapacity("sched", seed) == 2)
            #expect(try await desiredCount("sched", seed) == 3)
        }

        let opening = try await tick(5)
        #expect(opening.actions == [.setBounds(from: CapacityBounds(min: 2, max: 20), to: CapacityBounds(min: 6, max: 20)), .setDesired(from: 3, to: 6)])
        #expect(opening.decision?.reasons.contains { $0.code == "scheduled_min" } == true)
        #expect(try await minCapacity("sched", seed) == 6)
        #expect(try await desiredCount("sched", seed) == 6)

        let inside = try await tick(10)
        #expect(inside.actions.isEmpty, "nothing to write while the window stays open")
        #expect(try await minCapacity("sched", seed) == 6)

        let closed = try await tick(15.5)
        #expect(closed.actions == [.setBounds(from: CapacityBounds(min: 6, max: 20), to: CapacityBounds(min: 2, max: 20))])
        #expect(try await minCapacity("sched", seed) == 2, "the policy's own minimum again")
        #expect(try await desiredCount("sched", seed) == 6, "6 tasks at the 60 % target: the metric keeps them")
    }
}
