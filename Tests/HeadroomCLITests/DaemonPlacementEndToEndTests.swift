import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// Targets in another region and behind an assumed role, through the built binary against
/// moto with signature checks on (moto keeps each region apart by the credential scope).
@Suite(
    "headroom run: Region and RoleArn against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct DaemonPlacementEndToEndTests {
    static let euWest1 = Region("eu-west-1")!

    func run(_ arguments: [String], as identity: MotoIdentity) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: DaemonTestKit.binary.path), "\(HeadroomExecutable.missingMessage)")
        let environment = identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own }
        return try await ChildProcess.run(DaemonTestKit.binary, arguments, environment: environment)
    }

    /// One complete one-minute CPU datapoint, two minutes old, in `region`.
    func putCPU(_ percent: Double, cluster: String, region: Region, as identity: MotoIdentity) async throws {
        let cloudWatch = CloudWatchClient(client: identity.client(.cloudWatch, region: region))
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 120
        try await cloudWatch.putMetricData(namespace: "AWS/ECS", data: [
            CloudWatch.MetricDatum(
                metricName: "CPUUtilization",
                dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")],
                timestamp: Date(timeIntervalSince1970: minute), value: percent, unit: "Percent"),
        ])
    }

    func desired(cluster: String, region: Region, as identity: MotoIdentity) async throws -> Int? {
        try await MotoSeed(identity, region: region).ecs.describeServices(cluster: cluster, services: ["api"]).service(named: "api")?.desiredCount
    }

    @Test("a Region: eu-west-1 policy is scaled in eu-west-1 by a daemon whose region is us-east-1; the same service in us-east-1 is left alone")
    func otherRegion() async throws {
        let admin = try await DaemonTestKit.administrator()
        for region in [Self.euWest1, MotoAccount.region] {
            try await MotoSeed(admin, region: region).cluster("placed", services: ["api"], desiredCount: 4)
        }
        try await putCPU(90, cluster: "placed", region: Self.euWest1, as: admin)
        try await putCPU(90, cluster: "placed", region: MotoAccount.region, as: admin)
        let policy = try DaemonTestKit.policyFile("Region: eu-west-1\n" + TestPolicies.ecsCPU(cluster: "placed"))
        let journal = DaemonTestKit.temporaryFile(".jsonl")
        defer {
            try? FileManager.default.removeItem(at: policy)
            try? FileManager.default.removeItem(at: journal)
        }

        let outcome = try await run(["run", "--policies", policy.path, "--once", "--journal", journal.path], as: admin)
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        #expect(try await desired(cluster: "placed", region: Self.euWest1, as: admin) == 6, "ceil(4 × 90 / 60) in eu-west-1")
        #expect(try await desired(cluster: "placed", region: MotoAccount.region, as: admin) == 4, "us-east-1 is another target")
        let line = try String(contentsOf: journal, encoding: .utf8)
        #expect(line.contains(#""region":"eu-west-1""#) && line.contains(#""target":"ecs:placed/api""#), "\(line)")
    }

    @Test("a RoleArn target is written with the assumed role's credentials: a user denied UpdateService scales it only through the role")
    func assumedRole() async throws {
        let admin = try await DaemonTestKit.administrator()
        let endpoint = admin.endpoint
        let limited = try await MotoAccount.shared.user(named: "no-update-service", at: endpoint, denying: ["ecs:UpdateService"])
        let role = try await createRole("headroom-target", trusting: limited.arn, as: admin)
        try await MotoSeed(admin).cluster("roles", services: ["api"], desiredCount: 4)
        try await putCPU(90, cluster: "roles", region: MotoAccount.region, as: admin)
        let direct = try DaemonTestKit.policyFile(TestPolicies.ecsCPU(cluster: "roles"))
        let throughRole = try DaemonTestKit.policyFile("RoleArn: \(role)\nExternalId: platform-team\n" + TestPolicies.ecsCPU(cluster: "roles"))
        defer {
            try? FileManager.default.removeItem(at: direct)
            try? FileManager.default.removeItem(at: throughRole)
        }

        let denied = try await run(["run", "--policies", direct.path, "--once"], as: limited)
        #expect(denied.status == 2, "the user's own UpdateService is denied: \(denied.stdoutText) \(denied.stderrText)")
        #expect(try await desired(cluster: "roles", region: MotoAccount.region, as: admin) == 4)

        let assumed = try await run(["run", "--policies", throughRole.path, "--once"], as: limited)
        #expect(assumed.status == 0, "\(assumed.stdoutText) \(assumed.stderrText)")
        #expect(try await desired(cluster: "roles", region: MotoAccount.region, as: admin) == 6, "written as the role")
        #expect(!assumed.stderrText.contains(limited.credentials.secretAccessKey))
    }

    /// A role `principal` may assume, whose inline policy allows everything; returns its ARN.
    func createRole(_ name: String, trusting principal: String, as admin: MotoIdentity) async throws -> String {
        let iam = admin.client(MotoAccount.iam)
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":""# + principal
            + #""},"Action":"sts:AssumeRole"}]}"#
        var role = QueryParameters()
        role.add("RoleName", name)
        role.add("AssumeRolePolicyDocument", trust)
        let created = try await iam.query("CreateRole", parameters: role)
        var policy = QueryParameters()
        policy.add("RoleName", name)
        policy.add("PolicyName", "everything")
        policy.add("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["*"],"Resource":"*"}]}"#)
        _ = try await iam.query("PutRolePolicy", parameters: policy)
        return try #require(created.text("Role", "Arn"), "CreateRole answered an ARN")
    }
}
