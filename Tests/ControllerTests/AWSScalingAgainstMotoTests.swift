import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import MetricSources
import PolicyFiles
import Simulator
import Testing

/// Never fighting AWS's own scaling, against moto with signature checks on: a target with an
/// Application Auto Scaling or EC2 Auto Scaling policy is refused (desired unchanged, the
/// policy named), or adopted with `AWSScaling: Suspend` (suspended, recorded, written) and
/// handed back by resuming exactly what was suspended; `policy import` reads it into a policy.
@Suite(
    "AWS's own scaling against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct AWSScalingAgainstMotoTests {
    let start = Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 / 60).rounded(.down) - 120) * 60)

    func administrator() async throws -> MotoIdentity {
        let endpoint = try #require(MotoServer.current, "the .motoServer trait provides the server").baseURL
        return try await MotoAccount.shared.administrator(at: endpoint)
    }

    func reconciler(_ yaml: String, as identity: MotoIdentity, store: any DecisionStateStore, journal: DecisionJournal) throws -> Reconciler {
        let policy = try PolicyFileLoader.load(yaml: yaml, path: "policy.yaml", reference: start)
        return Reconciler(
            policies: [policy], backend: try AWSCapacityBackend(configuration: identity.configuration()),
            metrics: CloudWatchMetricSource(client: CloudWatchClient(client: identity.client(.cloudWatch))),
            store: store, journal: journal)
    }

    func putCPU(_ value: Double, namespace: String, dimensions: [CloudWatch.Dimension], as identity: MotoIdentity) async throws {
        let data = (-10...5).map { minute in
            CloudWatch.MetricDatum(
                metricName: "CPUUtilization", dimensions: dimensions, timestamp: start.addingTimeInterval(Double(minute * 60)),
                value: value, unit: "Percent")
        }
        try await CloudWatchClient(client: identity.client(.cloudWatch)).putMetricData(namespace: namespace, data: data)
    }

    /// An ECS service at 2 tasks that Application Auto Scaling tracks at 60 % CPU, running at 90 %.
    func trackedService(_ cluster: String, _ seed: MotoSeed, as admin: MotoIdentity, morning: Bool = false) async throws
        -> ApplicationAutoScaling.TargetID
    {
        try await seed.cluster(cluster, services: ["api"], desiredCount: 2)
        let id = ApplicationAutoScaling.TargetID.ecsService(cluster: cluster, service: "api")
        try await seed.applicationAutoScaling.registerScalableTarget(.init(target: id, minCapacity: 1, maxCapacity: 20))
        try await seed.applicationAutoScaling.putTargetTrackingPolicy(.init(
            name: "cpu60", target: id,
            configuration: .init(
                targetValue: 60, predefinedMetric: .init(type: "ECSServiceAverageCPUUtilization"), scaleOutCooldown: 120,
                scaleInCooldown: 600)))
        if morning {
            try await seed.applicationAutoScaling.putScheduledAction(.init(
                name: "morning", target: id, schedule: "cron(0 8 * * ? *)", timezone: "Europe/Berlin", minCapacity: 4, maxCapacity: 20))
        }
        try await putCPU(90, namespace: "AWS/ECS", dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")], as: admin)
        return id
    }

    func desiredCount(_ cluster: String, _ seed: MotoSeed) async throws -> Int? {
        try await seed.ecs.describeServices(cluster: cluster, services: ["api"]).service(named: "api")?.desiredCount
    }

    @Test("an ECS service with a target-tracking policy is refused: desired unchanged, the policy named")
    func refusesAnECSServiceAWSScales() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        _ = try await trackedService("refused", seed, as: admin)
        let reconciler = try reconciler(TestPolicies.ecsCPU(cluster: "refused"), as: admin, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let report = await reconciler.reconcile(at: start, actuate: true)
        let outcome = try #require(report.outcomes.first)
        #expect(outcome.decision?.desired == 3, "Headroom would scale out to ceil(2 × 90 / 60)")
        let error = try #require(outcome.error)
        #expect(error.isCompeting)
        #expect(error.message.contains("Application Auto Scaling scales it too: scaling policy 'cpu60' (TargetTrackingScaling)"), "\(error)")
        #expect(try await desiredCount("refused", seed) == 2, "nothing written")
        let suspended = try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: "refused", service: "api"))?.suspendedState
        #expect(suspended?.dynamicScalingSuspended != true, "nothing suspended either")
    }

    @Test("AWSScaling: Suspend sets SuspendedState, records it, writes; resuming the record clears it")
    func adoptsAndReleasesAnECSService() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        let id = try await trackedService("adopted", seed, as: admin, morning: true)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-adopt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = FileStateStore(url: directory.appendingPathComponent("state.json"))
        let journal = DecisionJournal(url: directory.appendingPathComponent("journal.jsonl"))
        let reconciler = try reconciler(
            TestPolicies.ecsCPU(cluster: "adopted", more: "AWSScaling: Suspend\n"), as: admin, store: store, journal: journal)

        let report = await reconciler.reconcile(at: start, actuate: true)
        let outcome = try #require(report.outcomes.first)
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(try await desiredCount("adopted", seed) == 3, "written after adopting")
        let state = try #require(try await seed.applicationAutoScaling.describeScalableTarget(id)?.suspendedState)
        #expect(state.dynamicScalingInSuspended == true && state.dynamicScalingOutSuspended == true)
        #expect(state.scheduledScalingSuspended == false, "no schedules in the policy: AWS's scheduled actions stay")
        // The record is on disk as soon as AWS's scaling is suspended, for `headroom release`.
        let record = try #require(try await FileStateStore(url: store.url).load()["ecs:adopted/api"]?.adoption)
        #expect(record.suspended == ["DynamicScalingInSuspended", "DynamicScalingOutSuspended"])
        #expect(await journal.entries.map(\.action) == ["adopt", "scale-out"])

        // A second tick finds the policy suspended: nothing more to suspend, no refusal.
        let next = await reconciler.reconcile(at: start.addingTimeInterval(30), actuate: true)
        #expect(next.outcomes.first?.error == nil && next.outcomes.first?.suspendsAWSScaling == [])

        let backend = try AWSCapacityBackend(configuration: admin.configuration())
        try await backend.resumeAWSScaling(.ecsService(cluster: "adopted", service: "api"), record.suspended)
        let resumed = try #require(try await seed.applicationAutoScaling.describeScalableTarget(id)?.suspendedState)
        #expect(resumed == .init(dynamicScalingInSuspended: false, dynamicScalingOutSuspended: false, scheduledScalingSuspended: false))
    }

    @Test("many targets' AWS scaling read from the account's listing: the same findings as target by target, in a few calls")
    func listsAWSScalingForManyTargets() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        let services = ["s0", "s1", "s2", "s3", "s4"]
        try await seed.cluster("listed", services: services, desiredCount: 2)
        let tracked = ApplicationAutoScaling.TargetID.ecsService(cluster: "listed", service: "s1")
        let scheduled = ApplicationAutoScaling.TargetID.ecsService(cluster: "listed", service: "s3")
        for id in [tracked, scheduled] {
            try await seed.applicationAutoScaling.registerScalableTarget(.init(target: id, minCapacity: 1, maxCapacity: 20))
        }
        try await seed.applicationAutoScaling.putTargetTrackingPolicy(.init(
            name: "listed-cpu", target: tracked,
            configuration: .init(targetValue: 60, predefinedMetric: .init(type: "ECSServiceAverageCPUUtilization"))))
        try await seed.applicationAutoScaling.putScheduledAction(.init(
            name: "listed-night", target: scheduled, schedule: "cron(0 22 * * ? *)", timezone: nil, minCapacity: 1, maxCapacity: 2))
        let groups = ["listed-g0", "listed-g1", "listed-g2", "listed-g3"]
        for group in groups { try await seed.autoScalingGroup(group, min: 1, max: 10, desired: 2) }
        try await seed.autoScaling.putTargetTrackingPolicy(.init(
            groupName: "listed-g2", name: "listed-asg-cpu",
            configuration: .init(targetValue: 60, predefinedMetricType: "ASGAverageCPUUtilization"), estimatedInstanceWarmup: 180))

        let counter = AWSCallCounter()
        let backend = try AWSCapacityBackend(configuration: admin.configuration(transport: CountingTransport(MotoAccount.transport, counter: counter)))
        let targets = services.map { TargetReference.ecsService(cluster: "listed", service: $0) } + groups.map { TargetReference.autoScalingGroup(name: $0) }
        let listed = await backend.awsScaling(of: targets)
        let calls = counter.reset()
        var one: [TargetReference: ForeignScaling] = [:]
        for target in targets { one[target] = try await backend.awsScaling(of: target) }
        for target in targets {
            #expect(try listed[target]?.get() == one[target], "\(target)")
        }
        let findings = targets.filter { !(one[$0]?.policies.isEmpty ?? true) || !(one[$0]?.scheduledActions.isEmpty ?? true) }
        #expect(findings == [.ecsService(cluster: "listed", service: "s1"), .ecsService(cluster: "listed", service: "s3"), .autoScalingGroup(name: "listed-g2")])
        #expect(one[.ecsService(cluster: "listed", service: "s1")]?.policies.map(\.name) == ["listed-cpu"])
        // One page of each listing (moto holds fewer than 50 of each), the suspension state of the
        // services and groups that have something: 2 + 2 + 2 + 1 calls for 9 targets, not 18 and more.
        let count = calls.values.reduce(0, +)
        #expect(count <= 7, "\(calls)")
    }

    @Test("an Auto Scaling group with a scaling policy: refused, then adopted with SuspendProcesses and resumed")
    func refusesThenAdoptsAGroup() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        try await seed.autoScalingGroup("tracked-asg", min: 1, max: 10, desired: 2)
        try await seed.autoScaling.putTargetTrackingPolicy(.init(
            groupName: "tracked-asg", name: "asg-cpu",
            configuration: .init(targetValue: 60, predefinedMetricType: "ASGAverageCPUUtilization"), estimatedInstanceWarmup: 180))
        try await putCPU(90, namespace: "AWS/EC2", dimensions: [.init(name: "AutoScalingGroupName", value: "tracked-asg")], as: admin)
        func policy(_ more: String) -> String {
            """
            Target: asg:tracked-asg
            MinCapacity: 1
            MaxCapacity: 10
            \(more)
            TargetTracking:
              Metrics:
                - Name: cpu
                  TargetValue: 60
                  CloudWatch:
                    Namespace: AWS/EC2
                    MetricName: CPUUtilization
                    Dimensions: {AutoScalingGroupName: tracked-asg}
            """
        }
        func group() async throws -> AutoScaling.Group {
            try #require(try await seed.autoScaling.describeAutoScalingGroups(names: ["tracked-asg"]).first)
        }

        let refusing = try reconciler(policy(""), as: admin, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let refused = try #require(await refusing.reconcile(at: start, actuate: true).outcomes.first)
        #expect(refused.error?.message.contains("EC2 Auto Scaling scales it too: scaling policy 'asg-cpu' (TargetTrackingScaling)") == true)
        #expect(try await group().desiredCapacity == 2)

        let store = InMemoryStateStore()
        let adopting = try reconciler(policy("AWSScaling: Suspend"), as: admin, store: store, journal: DecisionJournal(url: nil))
        let adopted = try #require(await adopting.reconcile(at: start, actuate: true).outcomes.first)
        #expect(adopted.error == nil, "\(String(describing: adopted.error))")
        #expect(try await group().desiredCapacity == 3)
        #expect(try await group().suspendedProcesses == ["AlarmNotification"])
        let record = try #require(try await store.load()["asg:tracked-asg"]?.adoption)
        #expect(record.suspended == ["AlarmNotification"])

        // A person's own suspension stays when Headroom resumes what it suspended.
        try await seed.autoScaling.suspendProcesses(group: "tracked-asg", ["AZRebalance"])
        try await AWSCapacityBackend(configuration: admin.configuration()).resumeAWSScaling(.autoScalingGroup(name: "tracked-asg"), record.suspended)
        #expect(try await group().suspendedProcesses == ["AZRebalance"])
    }

    @Test("policy import of an ECS service passes policy check and carries the policy and the scheduled action over")
    func importsAnECSService() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        _ = try await trackedService("imported", seed, as: admin, morning: true)
        let backend = try AWSCapacityBackend(configuration: admin.configuration())
        let imported = try await backend.importPolicy(.ecsService(cluster: "imported", service: "api"), region: "us-east-1", now: Date())
        let yaml = imported.yaml
        #expect(PolicyFileLoader.check(yaml: yaml, path: "imported.yaml").isEmpty, "\(PolicyFileLoader.check(yaml: yaml, path: "imported.yaml"))\n\(yaml)")
        let policy = try PolicyFileLoader.load(yaml: yaml, path: "imported.yaml")
        #expect(policy.kind == .awsTargetTracking && policy.awsScaling == .suspend && policy.region == "us-east-1")
        #expect(policy.bounds == CapacityBounds(min: 1, max: 20))
        guard case .targetTracking(let tracking) = policy.strategy else { Issue.record("not target tracking"); return }
        #expect(tracking.metrics.map(\.name) == ["cpu60"] && tracking.metrics.first?.targetValue == 60)
        #expect(tracking.metrics.first?.source == .cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: [
            .init(name: "ClusterName", value: "imported"), .init(name: "ServiceName", value: "api"),
        ])))
        #expect(tracking.scaleOut.cooldownSeconds == 120 && tracking.scaleIn.cooldownSeconds == 600)
        #expect(policy.schedules.map(\.name) == ["morning"])
        #expect(policy.schedules.first?.minCapacity == 4 && policy.schedules.first?.timeZone.identifier == "Europe/Berlin")
    }

    @Test("policy import of a group: the target-tracking policy with DisableScaleIn, its warm-up, a one-time scheduled action")
    func importsAGroup() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        try await seed.autoScalingGroup("import-asg", min: 2, max: 12, desired: 3)
        try await seed.autoScaling.putTargetTrackingPolicy(.init(
            groupName: "import-asg", name: "asg-cpu",
            configuration: .init(targetValue: 55, predefinedMetricType: "ASGAverageCPUUtilization", disableScaleIn: true),
            estimatedInstanceWarmup: 240))
        // A one-time action: moto checks a form body's signature against its own re-encoding,
        // which writes a space as '+', so a recurrence ("0 7 * * 1-5") cannot be seeded signed.
        let launch = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 + 2 * 86_400)
        try await seed.autoScaling.putScheduledAction(.init(
            groupName: "import-asg", name: "launch", startTime: launch, minSize: 4, maxSize: 12))
        let imported = try await AWSCapacityBackend(configuration: admin.configuration())
            .importPolicy(.autoScalingGroup(name: "import-asg"), region: nil, now: Date())
        let yaml = imported.yaml
        #expect(PolicyFileLoader.check(yaml: yaml, path: "asg.yaml").isEmpty, "\(yaml)")
        let policy = try PolicyFileLoader.load(yaml: yaml, path: "asg.yaml")
        guard case .targetTracking(let tracking) = policy.strategy else { Issue.record("not target tracking"); return }
        #expect(tracking.metrics.first?.targetValue == 55 && tracking.metrics.first?.disableScaleIn == true)
        #expect(tracking.instanceWarmupSeconds == 240)
        #expect(policy.bounds == CapacityBounds(min: 2, max: 12))
        #expect(policy.schedules.map(\.name) == ["launch"] && policy.schedules.first?.minCapacity == 4)
        #expect(yaml.contains("Schedule: \"at(\(String(launch.formatted(.iso8601).dropLast())))\""), "\(yaml)")
    }

    @Test("round trip: an imported AWS target-tracking policy simulates like the aws-target-tracking preset at the same target")
    func importedPolicySimulatesLikeThePreset() async throws {
        let admin = try await administrator()
        let seed = MotoSeed(admin)
        _ = try await trackedService("roundtrip", seed, as: admin)
        let imported = try await AWSCapacityBackend(configuration: admin.configuration())
            .importPolicy(.ecsService(cluster: "roundtrip", service: "api"), region: nil, now: Date())
        let policy = try PolicyFileLoader.load(yaml: imported.yaml, path: "roundtrip.yaml")
        guard case .targetTracking(let tracking) = policy.strategy, let metric = tracking.metrics.first else {
            Issue.record("not target tracking")
            return
        }
        let preset = CapacityPolicy(
            name: "preset", kind: .awsTargetTracking, target: policy.target, bounds: policy.bounds,
            strategy: .targetTracking(.awsTargetTracking(metrics: [metric], scaleOutCooldownSeconds: 120, scaleInCooldownSeconds: 600)))
        #expect(tracking == .awsTargetTracking(metrics: [metric], scaleOutCooldownSeconds: 120, scaleInCooldownSeconds: 600))

        let trace = SyntheticTrace.diurnal(days: 2, stepSeconds: 60, peak: 150)
        let simulation = try Simulation(trace: trace, scenario: SimulationScenario(name: "web", capacityPerUnit: 10, bootSeconds: 120, metricLagSeconds: 60))
        let importedRun = simulation.run(policy, recordTimeline: true)
        let presetRun = simulation.run(preset, recordTimeline: true)
        let timeline = try #require(importedRun.timeline)
        #expect(timeline == presetRun.timeline)
        #expect(importedRun.scores == presetRun.scores)
        let changes = (1..<timeline.count).filter { timeline.desired[$0] != timeline.desired[$0 - 1] }.count
        #expect(changes > 10, "the trace must make both scale, not hold a flat line (\(changes) changes)")
    }
}
