import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// `headroom lease create-table` and what a replica does with a lease table it cannot use,
/// through the built binary against moto with signature checks on.
@Suite(
    "headroom lease create-table and unusable lease tables, against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct LeaseTableCLITests {
    func headroom(_ arguments: [String], as identity: MotoIdentity) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: DaemonTestKit.binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(
            DaemonTestKit.binary, arguments, environment: identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own })
    }

    /// A cluster with `api` at 4 tasks and a backlog of 60 (6 tasks wanted), and its policy file.
    func seed(_ cluster: String, as admin: MotoIdentity) async throws -> URL {
        try await MotoSeed(admin).cluster(cluster, services: ["api"], desiredCount: 4)
        try await DaemonTestKit.putBacklog(60, cluster: cluster, as: admin)
        return try DaemonTestKit.policyFile(DaemonTestKit.backlogPolicy(cluster: cluster))
    }

    @Test("create-table makes the table, a second run changes nothing, and run --once then takes the lease in it and writes")
    func createTableThenRun() async throws {
        let admin = try await DaemonTestKit.administrator()
        let policy = try await seed("made", as: admin)
        defer { try? FileManager.default.removeItem(at: policy) }

        let create = try await headroom(["lease", "create-table", "made-leases"], as: admin)
        #expect(create.status == 0, "\(create.stderrText)")
        #expect(create.stdoutText.contains("created lease table made-leases (hash key LeaseName, string)"), "\(create.stdoutText)")
        let table = try #require(try await MotoSeed(admin).dynamoDB.describeTable("made-leases"))
        #expect(table.hashKey == "LeaseName" && table.keySchema.count == 1)
        let again = try await headroom(["lease", "create-table", "made-leases"], as: admin)
        #expect(again.status == 0 && again.stdoutText.contains("already exists"), "\(again.stdoutText)\(again.stderrText)")

        let run = try await headroom(
            ["run", "--policies", policy.path, "--once", "--lease-table", "made-leases", "--holder-id", "made-a", "--log-level", "info"],
            as: admin)
        #expect(run.status == 0, "\(run.stderrText)")
        #expect(run.stderrText.contains("became leader"), "\(run.stderrText)")
        #expect(try await DaemonTestKit.desiredCount(cluster: "made", as: admin) == 6, "the leader wrote 4 → 6")
        // The decision state a later leader reads lives in the same table.
        let items = try await MotoSeed(admin).dynamoDB.scan(table: "made-leases")
        #expect(items.contains { $0["LeaseName"]?.stringValue == "state#ecs:made/api" }, "\(items)")
    }

    @Test("a wrong-key table: create-table and run --once fail naming LeaseName; run --once never claims another replica holds it")
    func wrongKeyTable() async throws {
        let admin = try await DaemonTestKit.administrator()
        let policy = try await seed("wrongkey", as: admin)
        defer { try? FileManager.default.removeItem(at: policy) }
        try await MotoSeed(admin).table("wrongkey-leases", hashKey: "id")

        let create = try await headroom(["lease", "create-table", "wrongkey-leases"], as: admin)
        #expect(create.status == 1)
        #expect(create.stderrText.contains("its hash key is id (HASH), Headroom needs a string hash key named LeaseName"), "\(create.stderrText)")

        let run = try await headroom(["run", "--policies", policy.path, "--once", "--lease-table", "wrongkey-leases"], as: admin)
        #expect(run.status != 0, "a lease that cannot be written is an error:\n\(run.stdoutText)\(run.stderrText)")
        #expect(run.stderrText.contains("the lease cannot be read or written"), "\(run.stderrText)")
        #expect(run.stderrText.contains("LeaseName"), "\(run.stderrText)")
        #expect(run.stderrText.contains("headroom lease create-table wrongkey-leases"), "\(run.stderrText)")
        #expect(!run.stderrText.contains("Missing the key"), "not DynamoDB's raw message: \(run.stderrText)")
        #expect(!run.stderrText.contains("another replica holds the lease"), "\(run.stderrText)")
        #expect(try await DaemonTestKit.desiredCount(cluster: "wrongkey", as: admin) == 4, "nothing written")

        let missing = try await headroom(["run", "--policies", policy.path, "--once", "--lease-table", "no-such-leases"], as: admin)
        #expect(missing.status != 0)
        #expect(missing.stderrText.contains("lease table no-such-leases does not exist"), "\(missing.stderrText)")
    }

    @Test("the daemon on a wrong-key table keeps trying, logs it, answers /readyz 503 naming it and exports headroom_lease_error 1")
    func daemonReportsAnUnusableLease() async throws {
        let admin = try await DaemonTestKit.administrator()
        let policy = try await seed("badlease", as: admin)
        defer { try? FileManager.default.removeItem(at: policy) }
        try await MotoSeed(admin).table("badlease-leases", hashKey: "id")
        try await DaemonTestKit.withDaemons { daemons in
            let daemon = try daemons.start(
                policy: policy, holder: "badlease-a", as: admin,
                arguments: ["--lease-table", "badlease-leases", "--lease-duration", "3s"])
            var readiness: (status: Int, body: String)?
            let reported = await DaemonTestKit.eventually(within: .seconds(15)) {
                readiness = await daemon.get("/readyz")
                return readiness?.status == 503 && readiness?.body.contains("LeaseName") == true
            }
            #expect(reported, "/readyz: \(String(describing: readiness))\n\(daemon.process.output)")
            #expect(readiness?.body.contains("lease-unavailable") == true, "\(String(describing: readiness))")
            let metrics = try #require(try await daemon.metrics())
            #expect(metrics.value("headroom_lease_error") == 1)
            #expect(metrics.value("headroom_leader") == 0)
            try await Task.sleep(for: .seconds(2))
            #expect(try await daemon.awsCalls("PutItem") >= 2, "it keeps trying")
            #expect(daemon.process.output.contains("the lease cannot be read or written"), "\(daemon.process.output)")
            #expect(try await DaemonTestKit.desiredCount(cluster: "badlease", as: admin) == 4, "nothing written")
        }
    }
}
