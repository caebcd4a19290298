import CapacityCore
import Controller
import Foundation
import Testing

/// The reconciler never writes a target AWS's own scaling acts on, unless the policy adopts it.
@Suite("Reconciler and AWS's own scaling")
struct ReconcilerAWSScalingTests {
    let api = ecs("api")

    func scaling(policies: [String] = ["cpu60"], actions: [String] = [], suspended: Set<String> = []) -> ForeignScaling {
        ForeignScaling(
            service: "Application Auto Scaling",
            policies: policies.map { .init(kind: .scalingPolicy, name: $0, detail: "TargetTrackingScaling") },
            scheduledActions: actions.map { .init(kind: .scheduledAction, name: $0, detail: "cron(0 8 * * ? *)") },
            suspended: suspended)
    }

    func world(_ scaling: ForeignScaling?) async -> (FakeBackend, FakeMetrics) {
        let backend = FakeBackend([api: TargetState(desired: 2, running: 2, bounds: CapacityBounds(min: 1, max: 20))])
        await backend.setAWSScaling(api, scaling)
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 120)
        return (backend, metrics)
    }

    func adopting(_ policy: CapacityPolicy) -> CapacityPolicy {
        var policy = policy
        policy.awsScaling = .suspend
        return policy
    }

    @Test func refusesByDefaultNamingEachPolicyAndAction() async {
        let (backend, metrics) = await world(scaling(actions: ["morning"]))
        let journal = DecisionJournal(url: nil)
        let reconciler = Reconciler(policies: [cpuPolicy(api)], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: journal)
        let report = await reconciler.reconcile(at: start, actuate: true)
        #expect(await backend.writes.isEmpty)
        let error = try? #require(report.failures.first?.error)
        #expect(error?.isCompeting == true && error?.kind == "aws_scaling")
        #expect(error?.message.contains("scaling policy 'cpu60' (TargetTrackingScaling)") == true)
        #expect(error?.message.contains("scheduled action 'morning'") == true)
        #expect(error?.message.contains("AWSScaling: Suspend") == true)
        #expect(await reconciler.record(for: api)?.memory.lastScaleOut == nil, "a refused decision is not remembered")
    }

    @Test("a tick reads AWS's own scaling of all its writers in one call, and each verdict holds: the one AWS scales is refused, the others written")
    func oneReadForATicksWriters() async throws {
        let targets = (0..<6).map { ecs("svc-\($0)") }
        let backend = FakeBackend(Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetState(desired: 2, running: 2)) }))
        await backend.setAWSScaling(targets[4], scaling())
        let metrics = FakeMetrics()
        for (index, target) in targets.enumerated() { await metrics.set("cpu:\(target)", index == 5 ? 60 : 120) }
        let reconciler = Reconciler(
            policies: targets.map { cpuPolicy($0) }, backend: backend, metrics: metrics, store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil))
        let report = await reconciler.reconcile(at: start, actuate: true)
        #expect(await backend.awsScalingReads == [Array(targets[0..<5])], "one read, of the five that write; svc-5 holds")
        #expect(report.failures.map(\.target) == [targets[4]])
        #expect(report.failures.first?.error?.isCompeting == true)
        #expect(await backend.writes == (0..<4).map { "\(targets[$0]) desired=4" })
    }

    @Test func aTargetWithNothingToWriteIsNotCheckedOrRefused() async {
        let (backend, metrics) = await world(scaling())
        await metrics.set("cpu:\(api)", 60)
        let report = await Reconciler(
            policies: [cpuPolicy(api)], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil)
        ).reconcile(at: start, actuate: true)
        #expect(report.failures.isEmpty)
    }

    @Test func aFailedCheckRefusesTheWrite() async {
        let (backend, metrics) = await world(nil)
        await backend.failAWSScaling(api, .accessDenied("not authorized to perform application-autoscaling:DescribeScalingPolicies"))
        let report = await Reconciler(
            policies: [cpuPolicy(api)], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil)
        ).reconcile(at: start, actuate: true)
        #expect(await backend.writes.isEmpty)
        #expect(report.failures.first?.error?.kind == "access_denied")
    }

    @Test func suspendAdoptsRecordsAndJournalsThenWrites() async throws {
        let (backend, metrics) = await world(scaling(actions: ["morning"]))
        let store = InMemoryStateStore()
        let journal = DecisionJournal(url: nil)
        let reconciler = Reconciler(policies: [adopting(cpuPolicy(api))], backend: backend, metrics: metrics, store: store, journal: journal)
        let report = await reconciler.reconcile(at: start, actuate: true)
        // Without schedules of its own, Headroom leaves AWS's scheduled actions (they move bounds it keeps within).
        #expect(await backend.writes == [
            "ecs:prod/api suspend=DynamicScalingInSuspended,DynamicScalingOutSuspended", "ecs:prod/api desired=4",
        ])
        #expect(report.outcomes.first?.suspendsAWSScaling == ["DynamicScalingInSuspended", "DynamicScalingOutSuspended"])
        let adoption = try #require(try await store.load()[api.description]?.adoption)
        #expect(adoption.suspended == ["DynamicScalingInSuspended", "DynamicScalingOutSuspended"])
        #expect(adoption.awsScaling == ["scaling policy 'cpu60' (TargetTrackingScaling)"])
        let entry = try #require(await journal.entries.first)
        #expect(entry.action == "adopt" && entry.before == 2 && entry.reasons.first?.code == "aws-scaling-suspended")

        // Next tick: already suspended, nothing more to suspend.
        await backend.clearWrites()
        await metrics.set("cpu:\(api)", 150)
        _ = await reconciler.reconcile(at: start.addingTimeInterval(60), actuate: true)
        #expect(await backend.writes == ["ecs:prod/api desired=10"])
    }

    @Test func suspendWithSchedulesAlsoSuspendsScheduledScalingButNotWhatWasAlreadySuspended() async throws {
        let (backend, metrics) = await world(scaling(actions: ["morning"], suspended: ["DynamicScalingInSuspended"]))
        let store = InMemoryStateStore()
        let window = try ScheduledBounds(
            name: "day", start: .parse("cron(0 8 * * ? *)"), end: .duration(seconds: 3600), timeZone: "UTC", minCapacity: 3)
        let policy = adopting(cpuPolicy(api, schedules: [window]))
        let reconciler = Reconciler(policies: [policy], backend: backend, metrics: metrics, store: store, journal: DecisionJournal(url: nil))
        _ = await reconciler.reconcile(at: start, actuate: true)
        let adoption = try #require(try await store.load()[api.description]?.adoption)
        #expect(adoption.suspended == ["DynamicScalingOutSuspended", "ScheduledScalingSuspended"])
    }

    @Test func aDryRunSaysWhatItWouldSuspendAndSuspendsNothing() async {
        let (backend, metrics) = await world(scaling())
        let reconciler = Reconciler(
            policies: [adopting(cpuPolicy(api))], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let report = await reconciler.reconcile(at: start, actuate: false)
        #expect(report.failures.isEmpty)
        #expect(report.outcomes.first?.suspendsAWSScaling == ["DynamicScalingInSuspended", "DynamicScalingOutSuspended"])
        #expect(await backend.writes.isEmpty)
    }

    @Test func predictiveScalingThatSuspensionCannotStopIsRefusedEvenWhenAdopting() async {
        let predictive = ForeignScaling(
            service: "EC2 Auto Scaling",
            policies: [.init(kind: .scalingPolicy, name: "forecast", detail: "PredictiveScaling, ForecastAndScale", suspendable: false)])
        let (backend, metrics) = await world(predictive)
        let report = await Reconciler(
            policies: [adopting(cpuPolicy(api))], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil)
        ).reconcile(at: start, actuate: true)
        #expect(await backend.writes.isEmpty)
        #expect(report.failures.first?.error?.message.contains("ForecastOnly") == true)
    }
}

@Suite("Adoption records in the decision state")
struct AdoptionRecordStateTests {
    @Test func aFileStateKeepsTheAdoptionAndReadsStateWrittenBeforeIt() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-adoption-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        let adoption = AdoptionRecord(
            suspended: ["AlarmNotification"], time: Date(timeIntervalSince1970: 1_780_000_000), awsScaling: ["scaling policy 'cpu' (TargetTrackingScaling)"])
        try await FileStateStore(url: url).save(["asg:gpu": TargetRecord(adoption: adoption)])
        #expect(try await FileStateStore(url: url).load()["asg:gpu"]?.adoption == adoption)

        // A state file from before adoption records existed still loads, with none.
        try await FileStateStore(url: url).save(["ecs:prod/api": TargetRecord()])
        #expect(try !String(contentsOf: url, encoding: .utf8).contains("adoption"), "no key at all, as before")
        let loaded = try await FileStateStore(url: url).load()
        #expect(loaded["ecs:prod/api"] != nil && loaded["ecs:prod/api"]?.adoption == nil)
    }
}
