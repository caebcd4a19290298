import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// `headroom run` and `headroom plan` through the built binary against moto with signature
/// checks on: CloudWatch metrics in, ECS desired counts out.
@Suite(
    "headroom run and plan against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct DaemonEndToEndTests {
    static let binary = DaemonTestKit.binary

    func administrator() async throws -> MotoIdentity {
        try await DaemonTestKit.administrator()
    }

    /// A CPU target-tracking policy for `ecs:CLUSTER/api` at 60 %, in a temporary file.
    func policyFile(cluster: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-e2e-\(UUID().uuidString).yaml")
        try TestPolicies.ecsCPU(cluster: cluster).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Puts one complete one-minute CPU datapoint, two minutes old.
    func putCPU(_ percent: Double, cluster: String, as identity: MotoIdentity) async throws {
        let cloudWatch = CloudWatchClient(client: identity.client(.cloudWatch))
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 120
        try await cloudWatch.putMetricData(namespace: "AWS/ECS", data: [
            CloudWatch.MetricDatum(
                metricName: "CPUUtilization",
                dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")],
                timestamp: Date(timeIntervalSince1970: minute), value: percent, unit: "Percent"),
        ])
    }

    func desiredCount(cluster: String, as identity: MotoIdentity) async throws -> Int? {
        let seed = MotoSeed(identity)
        return try await seed.ecs.describeServices(cluster: cluster, services: ["api"]).service(named: "api")?.desiredCount
    }

    func headroom(_ arguments: [String], as identity: MotoIdentity) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(Self.binary, arguments, environment: identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own })
    }

    @Test("CPU above target: plan changes nothing, run --once raises desiredCount to ceil(4 × 90 / 60) = 6")
    func cpuAboveTargetScalesOut() async throws {
        let admin = try await administrator()
        try await MotoSeed(admin).cluster("hot", services: ["api"], desiredCount: 4)
        try await putCPU(90, cluster: "hot", as: admin)
        let policy = try policyFile(cluster: "hot")
        defer { try? FileManager.default.removeItem(at: policy) }

        let plan = try await headroom(["plan", "--policies", policy.path, "--output", "json"], as: admin)
        #expect(plan.status == 0, "\(plan.stderrText)")
        #expect(plan.stdoutText.contains("\"desired\" : 6"), "\(plan.stdoutText)")
        #expect(try await desiredCount(cluster: "hot", as: admin) == 4, "plan must not write")

        let run = try await headroom(["run", "--policies", policy.path, "--once"], as: admin)
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText.contains("4 → 6"), "\(run.stdoutText)")
        #expect(try await desiredCount(cluster: "hot", as: admin) == 6)
    }

    @Test("CPU below target: the first run holds for the stabilization window (state kept in --state)")
    func cpuBelowTargetHoldsThenScalesIn() async throws {
        let admin = try await administrator()
        try await MotoSeed(admin).cluster("cool", services: ["api"], desiredCount: 8)
        try await putCPU(20, cluster: "cool", as: admin)
        let policy = try policyFile(cluster: "cool")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-e2e-state-\(UUID().uuidString).json")
        defer {
            try? FileManager.default.removeItem(at: policy)
            try? FileManager.default.removeItem(at: state)
        }
        let run = try await headroom(["run", "--policies", policy.path, "--once", "--state", state.path], as: admin)
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText.contains("8 (no change)"), "\(run.stdoutText)")
        #expect(run.stdoutText.contains("stabilization"), "\(run.stdoutText)")
        #expect(try await desiredCount(cluster: "cool", as: admin) == 8)
        #expect(FileManager.default.fileExists(atPath: state.path), "the decision history is saved for the next start")
    }

    @Test("a metrics outage (no datapoints) never scales in")
    func missingMetricsNeverScaleIn() async throws {
        let admin = try await administrator()
        try await MotoSeed(admin).cluster("dark", services: ["api"], desiredCount: 5)
        let policy = try policyFile(cluster: "dark")
        defer { try? FileManager.default.removeItem(at: policy) }
        let run = try await headroom(["run", "--policies", policy.path, "--once"], as: admin)
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stdoutText.contains("cpu has no datapoint"), "\(run.stdoutText)")
        #expect(try await desiredCount(cluster: "dark", as: admin) == 5)
    }

    @Test("an unknown service is reported and the exit status says so")
    func unknownTargetFails() async throws {
        let admin = try await administrator()
        let policy = try policyFile(cluster: "nowhere")
        defer { try? FileManager.default.removeItem(at: policy) }
        let run = try await headroom(["run", "--policies", policy.path, "--once"], as: admin)
        #expect(run.status == 2)
        #expect(run.stdoutText.contains("ecs:nowhere/api") && run.stdoutText.contains("ERROR"), "\(run.stdoutText)")
    }
}
