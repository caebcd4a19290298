import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Replicas of `headroom run` sharing a DynamoDB lease in moto (signature checks on): only
/// the holder writes, a killed holder is replaced once its lease expires, and SIGTERM gives
/// the lease back. Each daemon ticks every second; leases are short so each test takes seconds.
@Suite(
    "headroom run replicas and the DynamoDB lease, against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct DaemonLeaseEndToEndTests {
    /// The lease item as the table holds it now: holder and expiry, `nil` when there is none.
    func lease(table: String, name: String, as identity: MotoIdentity) async throws -> (holder: String, expiresAt: Date)? {
        let dynamo = DynamoDBClient(client: identity.client(.dynamoDB))
        guard let item = try await dynamo.getItem(table: table, key: ["LeaseName": .string(name)]) else { return nil }
        let holder = try #require(item["Holder"]?.stringValue, "the lease item has a Holder")
        let milliseconds = try #require(item["ExpiresAt"]?.int64Value, "the lease item has an ExpiresAt")
        return (holder, Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// A cluster `CLUSTER` with `api` at 4 tasks, a backlog of 60 (so 6 tasks wanted), a lease
    /// table `CLUSTER-leases` and the policy file.
    func seed(_ cluster: String, as admin: MotoIdentity) async throws -> URL {
        let seed = MotoSeed(admin)
        try await seed.cluster(cluster, services: ["api"], desiredCount: 4)
        try await seed.table("\(cluster)-leases", hashKey: "LeaseName")
        try await DaemonTestKit.putBacklog(60, cluster: cluster, as: admin)
        return try DaemonTestKit.policyFile(DaemonTestKit.backlogPolicy(cluster: cluster))
    }

    func leaseArguments(_ cluster: String, duration: String) -> [String] {
        ["--lease-table", "\(cluster)-leases", "--lease-name", "\(cluster)-lease", "--lease-duration", duration]
    }

    @Test("two replicas on one lease: only the holder ever calls UpdateService, also when AWS drifts")
    func onlyTheLeaderWrites() async throws {
        let admin = try await DaemonTestKit.administrator()
        let policy = try await seed("pair", as: admin)
        defer { try? FileManager.default.removeItem(at: policy) }
        let arguments = leaseArguments("pair", duration: "5s")
        try await DaemonTestKit.withDaemons { daemons in
            // The second replica starts once the first holds the lease. DynamoDB serializes
            // conditional writes to one item, so of two replicas racing for a free lease only
            // one wins; moto 5.2.1 checks the condition and writes without a lock in a threaded
            // server, and there both can win (about one run in fifteen).
            let first = try daemons.start(policy: policy, holder: "replica-a", as: admin, arguments: arguments)
            let holds = try await DaemonTestKit.eventually(within: .seconds(15)) {
                try await lease(table: "pair-leases", name: "pair-lease", as: admin)?.holder == "replica-a"
            }
            try #require(holds, "the first replica takes the free lease:\n\(first.process.output)")
            let second = try daemons.start(policy: policy, holder: "replica-b", as: admin, arguments: arguments)

            let scaled = try await DaemonTestKit.eventually(within: .seconds(15)) {
                try await DaemonTestKit.desiredCount(cluster: "pair", as: admin) == 6
            }
            #expect(scaled, "the leader raises 4 → 6; logs:\n\(first.process.output)\n\(second.process.output)")
            // Drift: someone sets the service back to 2; the leader must correct it again.
            try await DaemonTestKit.setDesiredCount(2, cluster: "pair", as: admin)
            let corrected = try await DaemonTestKit.eventually(within: .seconds(10)) {
                try await DaemonTestKit.desiredCount(cluster: "pair", as: admin) == 6
            }
            #expect(corrected, "the leader corrects the drift")
            try await Task.sleep(for: .seconds(3))  // three more ticks of each replica, two lease tries of the standby

            let holder = try #require(try await lease(table: "pair-leases", name: "pair-lease", as: admin)?.holder)
            #expect(holder == first.holder, "a standby never takes a lease its holder keeps renewing")
            let (leader, standby) = (first, second)
            #expect(try await leader.leads() == true)
            #expect(try await standby.leads() == false)
            #expect(try await leader.awsCalls("UpdateService") >= 2, "4 → 6, then 2 → 6")
            #expect(
                try await standby.awsCalls("UpdateService") == 0,
                "the standby never writes; standby:\n\(standby.process.output)\nleader:\n\(leader.process.output)")
            #expect(try await standby.awsCalls("DescribeServices") == 0, "a standby does not even read the targets")
            #expect(try await standby.awsCalls("PutItem") >= 2, "the standby keeps trying for the lease")
            let leaderJournal = try leader.journalEntries()
            #expect(leaderJournal.filter { $0["action"] as? String == "scale-out" }.count >= 2)
            #expect(try standby.journalEntries().isEmpty, "the standby decides nothing")
        }
    }

    @Test("kill -9 of the leader: the standby takes the lease once it has expired, then actuates")
    func standbyTakesOverAfterTheLeaseExpires() async throws {
        let admin = try await DaemonTestKit.administrator()
        let policy = try await seed("failover", as: admin)
        defer { try? FileManager.default.removeItem(at: policy) }
        let arguments = leaseArguments("failover", duration: "4s")
        try await DaemonTestKit.withDaemons { daemons in
            let first = try daemons.start(policy: policy, holder: "failover-a", as: admin, arguments: arguments)
            let firstLeads = try await DaemonTestKit.eventually(within: .seconds(15)) {
                try await DaemonTestKit.desiredCount(cluster: "failover", as: admin) == 6
            }
            try #require(firstLeads, "the only replica takes the lease and scales 4 → 6:\n\(first.process.output)")
            let second = try daemons.start(policy: policy, holder: "failover-b", as: admin, arguments: arguments)
            let standing = try await DaemonTestKit.eventually(within: .seconds(10)) { try await second.leads() == false }
            try #require(standing, "the second replica is up and in standby:\n\(second.process.output)")

            first.process.send(SIGKILL)
            #expect(await first.process.waitForExit(timeout: .seconds(5)) == .signal(SIGKILL))
            let killedAt = Date()
            try await Task.sleep(for: .milliseconds(200))
            let orphaned = try #require(try await lease(table: "failover-leases", name: "failover-lease", as: admin))
            #expect(orphaned.holder == "failover-a", "nobody took the lease while its holder was alive")
            // Drift while nobody leads: the new leader must correct it.
            try await DaemonTestKit.setDesiredCount(2, cluster: "failover", as: admin)

            let tookOver = try await DaemonTestKit.eventually(within: .seconds(12)) {
                try await DaemonTestKit.desiredCount(cluster: "failover", as: admin) == 6
            }
            let elapsed = Date().timeIntervalSince(killedAt)
            #expect(tookOver, "the standby takes over and corrects 2 → 6:\n\(second.process.output)")
            #expect(elapsed < 4 + 5, "takeover within the lease (4 s) and a few ticks; took \(elapsed) s")
            let taken = try #require(try await lease(table: "failover-leases", name: "failover-lease", as: admin))
            #expect(taken.holder == "failover-b")
            #expect(try await second.leads() == true)
            #expect(try await second.awsCalls("UpdateService") >= 1)
            // Its first write came after the old lease had expired, by its own clock.
            let writes = try second.journalEntries().filter { $0["action"] as? String == "scale-out" }
            let firstWrite = try #require(writes.first?["time"] as? String, "the new leader journals its scale-out")
            let writtenAt = try #require(try? Date(firstWrite, strategy: .iso8601))
            #expect(writtenAt >= orphaned.expiresAt.addingTimeInterval(-0.001), "wrote at \(firstWrite), the old lease ran to \(orphaned.expiresAt)")
        }
    }

    @Test("SIGTERM: exit status 0 within seconds and the lease is released, not left to expire")
    func sigtermReleasesTheLease() async throws {
        let admin = try await DaemonTestKit.administrator()
        let policy = try await seed("shutdown", as: admin)
        defer { try? FileManager.default.removeItem(at: policy) }
        // A long lease: if it is free right after the exit, the daemon gave it back.
        try await DaemonTestKit.withDaemons { daemons in
            let daemon = try daemons.start(policy: policy, holder: "shutdown-a", as: admin, arguments: leaseArguments("shutdown", duration: "60s"))
            let holds = try await DaemonTestKit.eventually(within: .seconds(15)) {
                try await lease(table: "shutdown-leases", name: "shutdown-lease", as: admin)?.holder == "shutdown-a"
            }
            try #require(holds, "the daemon takes the lease:\n\(daemon.process.output)")
            let leads = try await DaemonTestKit.eventually(within: .seconds(5)) { try await daemon.leads() == true }
            #expect(leads)

            let signalled = ContinuousClock.now
            daemon.process.send(SIGTERM)
            let exit = await daemon.process.waitForExit(timeout: .seconds(5))
            let took = ContinuousClock.now - signalled
            #expect(exit == .status(0), "\(exit.map(\.description) ?? "still running after 5 s"):\n\(daemon.process.output)")
            #expect(took < .seconds(5))
            let after = try await lease(table: "shutdown-leases", name: "shutdown-lease", as: admin)
            #expect(after.map { $0.expiresAt <= Date() } ?? true, "the lease is free right after the exit, not held for 60 s: \(String(describing: after))")
            #expect(daemon.process.output.contains("released the lease"), "\(daemon.process.output)")
        }
    }
}
