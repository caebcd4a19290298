import CapacityCore
import Controller
import Foundation
import Testing

@Suite("Reliability: leadership when the lease store is unreachable", .serialized)
struct LeadershipTests {
    /// Replica `a` holds a 3 s lease, then cannot renew it; its tick's read takes 2.5 s.
    /// Replica `b` takes the lease once it expires and writes. `a` checked its leadership
    /// at the start of its tick with the usual margin (one interval), so without a second
    /// check right before the write, `a` writes after `b` has taken over.
    @Test("A leader whose tick outlives its lease does not write once its lease could have expired")
    func slowTickAfterLastRenewal() async throws {
        let target = TargetReference.ecsService(cluster: "lead", service: "api")
        let policy = ScenarioPolicy.total(target, query: "load", min: 1, max: 10)
        let backend = SlowBackend(desired: 2, readDelay: .milliseconds(2500), for: "a")
        let metrics = AlternatingMetric([180, 360])
        let lease = InMemoryLeaseStore()
        let configuration = { (holder: String) in
            LeaderElection.Configuration(holder: holder, leaseDuration: .seconds(3), renewInterval: .seconds(1), safetyMargin: .milliseconds(500))
        }
        let a = LeaderElection(configuration: configuration("a"), store: lease, logger: FaultScenarioTests.quiet)
        let b = LeaderElection(configuration: configuration("b"), store: lease, logger: FaultScenarioTests.quiet)
        func service(_ election: LeaderElection) -> ControllerService {
            ControllerService(
                reconciler: Reconciler(policies: [policy], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil), logger: FaultScenarioTests.quiet),
                election: election, status: ControllerStatus(), metrics: nil, options: .init(interval: .milliseconds(400)), logger: FaultScenarioTests.quiet)
        }
        let serviceA = service(a)
        let serviceB = service(b)

        let acquired = ContinuousClock.now
        #expect(await a.tryAcquire())
        // `a` cannot renew from now on. 1 s into its lease it still leads with 1.5 s to
        // spare (> the 0.4 s margin), so its tick starts; the read takes 2.5 s.
        try await Task.sleep(until: acquired + .seconds(1))
        async let tickA = TaskReplica.$name.withValue("a") { await serviceA.tick() }
        // The lease expires at 3 s; `b` takes it just after and runs its own tick.
        try await Task.sleep(until: acquired + .milliseconds(3100))
        #expect(await b.tryAcquire())
        let bLeadsFrom = ContinuousClock.now
        async let tickB = TaskReplica.$name.withValue("b") { await serviceB.tick() }
        let reportA = await tickA
        _ = await tickB

        let writes = await backend.writes
        let writesA = writes.filter { $0.replica == "a" }
        #expect(writes.contains { $0.replica == "b" }, "the new leader writes")
        for write in writesA {
            #expect(write.at < acquired + .seconds(3), "`a` wrote \(write.at - acquired) into a 3 s lease it never renewed")
            #expect(write.at < bLeadsFrom, "two writers: `a` wrote after `b` took the lease")
        }
        #expect(reportA.failures.count == 1, "`a`'s skipped write is reported, not remembered as done")
    }
}
