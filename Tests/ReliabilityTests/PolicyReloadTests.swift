import CapacityCore
import Controller
import Foundation
import PolicyFiles
import Testing

/// What the daemon does on SIGHUP (`PolicyReloadService` in the binary: reload the
/// ``PolicySet``, hand its policies to the ``Reconciler``), driven in-process: a file that no
/// longer loads keeps scaling its target with its last good version.
@Suite("Reliability: a policy reload with a broken file")
struct PolicyReloadTests {
    static func policy(max: Int) -> String {
        """
        Target: ecs:reload/api
        MinCapacity: 1
        MaxCapacity: \(max)
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              Prometheus: {Query: 'cpu'}

        """
    }

    @Test("The broken file's last good version keeps scaling its target; the fixed file takes effect")
    func brokenReloadKeepsTheLastGoodPolicy() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("api.yaml")
        try Self.policy(max: 4).write(to: file, atomically: true, encoding: .utf8)

        var set = PolicySet()
        #expect(set.load([folder.path], reference: Date()).isEmpty)
        let backend = SlowBackend(desired: 2, readDelay: .zero)
        let reconciler = Reconciler(
            policies: set.policies, backend: backend, metrics: AlternatingMetric([150]), store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil), logger: FaultScenarioTests.quiet)
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        _ = await reconciler.reconcile(at: start, actuate: true)
        #expect(await backend.writes.map(\.desired) == [4], "150 % of target on 2 units asks for 5; the max is 4")

        // A typo pushed at 3 a.m.: the file no longer parses.
        try (Self.policy(max: 9) + "Oops: [\n").write(to: file, atomically: true, encoding: .utf8)
        let problems = set.load([folder.path], reference: Date())
        #expect(problems.count == 1 && problems[0].contains("api.yaml:") && problems[0].hasSuffix("(keeping the last good version)"), "\(problems)")
        #expect(problems.allSatisfy { !$0.contains("\n") })
        await reconciler.update(policies: set.policies)
        #expect(await reconciler.currentPolicies.map(\.bounds.max) == [4])
        let held = await reconciler.reconcile(at: start.addingTimeInterval(15), actuate: true)
        #expect(held.failures.isEmpty && held.outcomes.first?.decision?.desired == 4, "still scaled, still within the old max")
        #expect(await backend.writes.map(\.desired) == [4], "nothing new written: the broken file's max of 9 never applied")

        try Self.policy(max: 6).write(to: file, atomically: true, encoding: .utf8)
        #expect(set.load([folder.path], reference: Date()).isEmpty)
        await reconciler.update(policies: set.policies)
        _ = await reconciler.reconcile(at: start.addingTimeInterval(30), actuate: true)
        #expect(await backend.writes.map(\.desired) == [4, 6])
    }
}
