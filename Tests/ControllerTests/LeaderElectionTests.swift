import CapacityCore
import Controller
import Foundation
import Testing

@Suite("Leader election")
struct LeaderElectionTests {
    @Test func onlyOneOfThreeReplicasLeads() async {
        let store = InMemoryLeaseStore()
        let replicas = (1...3).map { LeaderElection(configuration: .init(holder: "replica-\($0)", leaseDuration: .seconds(30)), store: store) }
        var leaders = 0
        for replica in replicas where await replica.tryAcquire() { leaders += 1 }
        #expect(leaders == 1)
        #expect(await store.currentHolder == "replica-1")
    }

    @Test func aReplicaThatCannotRenewStopsBeforeItsLeaseExpires() async throws {
        let store = InMemoryLeaseStore()
        let first = LeaderElection(configuration: .init(holder: "a", leaseDuration: .milliseconds(600), safetyMargin: .milliseconds(200)), store: store)
        let second = LeaderElection(configuration: .init(holder: "b", leaseDuration: .milliseconds(600)), store: store)
        #expect(await first.tryAcquire())
        #expect(await second.tryAcquire() == false)
        // `a` stops renewing (say its DynamoDB calls fail). It must stop leading before `b` can win.
        try await Task.sleep(for: .milliseconds(450))
        #expect(await first.isLeader() == false, "leadership ends a safety margin before the lease expires")
        try await Task.sleep(for: .milliseconds(250))
        #expect(await second.tryAcquire())
        #expect(await first.isLeader() == false)
    }

    @Test func releaseHandsTheLeaseOverAtOnce() async {
        let store = InMemoryLeaseStore()
        let first = LeaderElection(configuration: .init(holder: "a"), store: store)
        let second = LeaderElection(configuration: .init(holder: "b"), store: store)
        #expect(await first.tryAcquire())
        await first.release()
        #expect(await first.isLeader() == false)
        #expect(await second.tryAcquire())
    }

    @Test func onlyTheLeaderWritesWhenTwoControllersShareABackend() async {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 2, running: 2)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 120)
        let lease = InMemoryLeaseStore()
        var services: [ControllerService] = []
        for name in ["a", "b"] {
            let election = LeaderElection(configuration: .init(holder: name), store: lease)
            _ = await election.tryAcquire()
            let reconciler = Reconciler(policies: [cpuPolicy(api)], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
            services.append(ControllerService(reconciler: reconciler, election: election, status: ControllerStatus(), metrics: nil, options: .init(), wallClock: { start }))
        }
        let reports = [await services[0].tick(), await services[1].tick()]
        #expect(reports[0].outcomes.count == 1)
        #expect(reports[1].outcomes.isEmpty, "the standby does not even read")
        #expect(await backend.writes == ["ecs:prod/api desired=4"])
    }
}
