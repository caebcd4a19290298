import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// `policy import`, `plan`, `run --once` and `release` through the built binary against moto
/// with signature checks on, for an ECS service Application Auto Scaling already tracks.
@Suite(
    "Adopting a service AWS scales, through the binary",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct AdoptionCommandTests {
    func headroom(_ arguments: [String], as identity: MotoIdentity) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: DaemonTestKit.binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(
            DaemonTestKit.binary, arguments, environment: identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own },
            currentDirectory: HeadroomExecutable.packageRoot)
    }

    @Test("import → check passes; the default policy is refused; Suspend adopts; release resumes exactly that")
    func importRefuseAdoptRelease() async throws {
        let admin = try await DaemonTestKit.administrator()
        let seed = MotoSeed(admin)
        try await seed.cluster("cli-adopt", services: ["api"], desiredCount: 2)
        let id = ApplicationAutoScaling.TargetID.ecsService(cluster: "cli-adopt", service: "api")
        try await seed.applicationAutoScaling.registerScalableTarget(.init(target: id, minCapacity: 1, maxCapacity: 20))
        try await seed.applicationAutoScaling.putTargetTrackingPolicy(.init(
            name: "cpu60", target: id, configuration: .init(targetValue: 60, predefinedMetric: .init(type: "ECSServiceAverageCPUUtilization"))))
        try await DaemonTestKit.putMetric(
            namespace: "AWS/ECS", name: "CPUUtilization", dimensions: ["ClusterName": "cli-adopt", "ServiceName": "api"], value: 90, as: admin)

        let imported = try await headroom(["policy", "import", "ecs:cli-adopt/api"], as: admin)
        #expect(imported.status == 0, "\(imported.stderrText)")
        #expect(imported.stdoutText.contains("AWSScaling: Suspend") && imported.stdoutText.contains("Name: cpu60"))
        let importedFile = try DaemonTestKit.policyFile(imported.stdoutText)
        let check = try await headroom(["policy", "check", importedFile.path], as: admin)
        #expect(check.status == 0 && check.stdoutText == "\(importedFile.path): ok\n", "\(check.stderrText)")

        let refusing = try DaemonTestKit.policyFile(TestPolicies.ecsCPU(cluster: "cli-adopt"))
        let plan = try await headroom(["plan", "--policies", refusing.path], as: admin)
        #expect(plan.status == 2)
        #expect(plan.stdoutText.contains("ERROR: ecs:cli-adopt/api: Application Auto Scaling scales it too: scaling policy 'cpu60'"), "\(plan.stdoutText)")
        let doctor = try await headroom(["doctor", "--policies", refusing.path], as: admin)
        #expect(doctor.status == 1)
        #expect(doctor.stdoutText.contains(
            "FAIL  ecs:cli-adopt/api AWS scaling: Application Auto Scaling scales it too: scaling policy 'cpu60' (TargetTrackingScaling)"),
            "\(doctor.stdoutText)")
        #expect(doctor.stdoutText.contains("fix: delete them, or set `AWSScaling: Suspend` in \(refusing.path)"))
        let state = DaemonTestKit.temporaryFile(".json")
        let journal = DaemonTestKit.temporaryFile(".jsonl")
        let refused = try await headroom(["run", "--policies", refusing.path, "--once", "--state", state.path, "--journal", journal.path], as: admin)
        #expect(refused.status == 2)
        #expect(try await DaemonTestKit.desiredCount(cluster: "cli-adopt", as: admin) == 2, "refused: nothing written")

        let adopting = try DaemonTestKit.policyFile(TestPolicies.ecsCPU(cluster: "cli-adopt", more: "AWSScaling: Suspend\n"))
        let adoptionPlan = try await headroom(["plan", "--policies", adopting.path], as: admin)
        #expect(adoptionPlan.stdoutText.contains("would suspend AWS's own scaling: DynamicScalingInSuspended, DynamicScalingOutSuspended"), "\(adoptionPlan.stdoutText)")
        let adopted = try await headroom(["run", "--policies", adopting.path, "--once", "--state", state.path, "--journal", journal.path], as: admin)
        #expect(adopted.status == 0, "\(adopted.stdoutText)\(adopted.stderrText)")
        #expect(try await DaemonTestKit.desiredCount(cluster: "cli-adopt", as: admin) == 3)
        #expect(try await seed.applicationAutoScaling.describeScalableTarget(id)?.suspendedState?.dynamicScalingSuspended == true)

        let early = try await headroom(["release", "ecs:cli-adopt/api", "--policies", adopting.path, "--state", state.path], as: admin)
        #expect(early.status != 0 && early.stderrText.contains("still adopts it"), "\(early.stderrText)")
        #expect(try await seed.applicationAutoScaling.describeScalableTarget(id)?.suspendedState?.dynamicScalingSuspended == true)

        let released = try await headroom(
            ["release", "ecs:cli-adopt/api", "--policies", refusing.path, "--state", state.path, "--journal", journal.path], as: admin)
        #expect(released.status == 0, "\(released.stderrText)")
        #expect(released.stdoutText == "ecs:cli-adopt/api: resumed DynamicScalingInSuspended, DynamicScalingOutSuspended; AWS scales it again\n")
        let suspended = try await seed.applicationAutoScaling.describeScalableTarget(id)?.suspendedState
        #expect(suspended?.dynamicScalingInSuspended == false && suspended?.dynamicScalingOutSuspended == false)
        let actions = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["action"] as? String
        }
        #expect(actions.contains("adopt") && actions.last == "release", "\(actions)")

        let again = try await headroom(["release", "ecs:cli-adopt/api", "--policies", refusing.path, "--state", state.path], as: admin)
        #expect(again.status != 0 && again.stderrText.contains("Headroom suspended nothing on it"), "\(again.stderrText)")
    }
}
