import CapacityCore
import Controller
import Foundation
import Testing

@Suite("Controller service")
struct ControllerServiceTests {
    @Test("a replica that can take the lease leads from its first tick, not one interval later")
    func firstTickLeads() async throws {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 2, running: 2)])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 120)
        let lease = InMemoryLeaseStore()
        // The election's own renew loop is not running: only the service can ask for the lease.
        let election = LeaderElection(configuration: .init(holder: "solo"), store: lease)
        let reconciler = Reconciler(
            policies: [cpuPolicy(api)], backend: backend, metrics: metrics, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let service = ControllerService(
            reconciler: reconciler, election: election, status: ControllerStatus(), metrics: nil,
            options: .init(interval: .seconds(600)), wallClock: { start })
        let loop = Task { try await service.run() }
        defer { loop.cancel() }
        let deadline = ContinuousClock.now + .seconds(5)
        while await backend.writes.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(await backend.writes == ["ecs:prod/api desired=4"], "the first tick wrote; the next is 10 minutes away")
        #expect(await lease.currentHolder == "solo")
    }

    @Test("concurrent acquire attempts share one request")
    func concurrentAttemptsCoalesce() async {
        let lease = CountingLeaseStore()
        let election = LeaderElection(configuration: .init(holder: "solo"), store: lease)
        async let first = election.tryAcquire()
        async let second = election.tryAcquire()
        let results = await [first, second]
        #expect(results == [true, true])
        #expect(await lease.acquires == 1)
    }
}

extension ControllerServiceTests {
    @Test("a lease that cannot be read or written is a fault: not a standby, /readyz not ready, headroom_lease_error 1; it clears once the lease answers")
    func unreadableLeaseIsNotAStandby() async throws {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 2, running: 2)])
        let lease = FailingLeaseStore()
        let election = LeaderElection(configuration: .init(holder: "solo"), store: lease)
        let status = ControllerStatus()
        await status.configurationLoaded(true)
        let metrics = ControllerMetrics()
        let reconciler = Reconciler(
            policies: [cpuPolicy(api)], backend: backend, metrics: FakeMetrics(), store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        let service = ControllerService(
            reconciler: reconciler, election: election, status: status, metrics: metrics,
            options: .init(interval: .seconds(600)), wallClock: { start })

        #expect(await !election.tryAcquire())
        _ = await service.tick()
        #expect(await status.role == .leaseUnavailable)
        let (ready, detail) = await status.readiness
        #expect(!ready)
        #expect(detail["lease"]?.contains("no such table") == true, "\(detail)")
        #expect(detail["role"] == "lease-unavailable")
        #expect(metrics.exposition().contains("\nheadroom_lease_error 1"), "\(metrics.exposition())")
        #expect(await backend.writes.isEmpty)

        await lease.heal()
        #expect(await election.tryAcquire())
        _ = await service.tick()
        #expect(await election.leaseFailure == nil)
        #expect(await status.role == .leader)
        #expect(await status.readiness.ready)
        #expect(metrics.exposition().contains("\nheadroom_lease_error 0"))
    }
}

/// A lease whose table is broken until ``heal()``.
actor FailingLeaseStore: LeaseStore {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "no such table" }
    }

    private var broken = true

    func heal() { broken = false }

    func acquire(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        if broken { throw Broken() }
        return true
    }

    func release(holder: String) async throws {}
}

/// A lease that is always free, answering after a short delay so attempts overlap.
actor CountingLeaseStore: LeaseStore {
    private(set) var acquires = 0

    func acquire(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        acquires += 1
        try await Task.sleep(for: .milliseconds(200))
        return true
    }

    func release(holder: String) async throws {}
}
