import CapacityCore
import Foundation
import Testing

@testable import Controller

/// The last described counts the reconciler keeps per target (see `PlacementTests` for how
/// ticks use them).
@Suite struct ReconcilerSeenStateTests {
    @Test("a reload forgets the counts of targets no policy names any more, and keeps the others'")
    func reloadForgetsRemovedTargets() async {
        let api = ecs("api"), web = ecs("web")
        let backend = FakeBackend([api: TargetState(desired: 4, running: 4), web: TargetState(desired: 2, running: 2)])
        let reconciler = Reconciler(
            policies: [cpuPolicy(api), cpuPolicy(web)], backend: backend, metrics: FakeMetrics(), store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil))
        _ = await reconciler.reconcile(at: start, actuate: true)
        #expect(await Set(reconciler.lastSeen.keys) == [api.description, web.description])
        #expect(await reconciler.lastSeen[api.description] == SeenState(state: TargetState(desired: 4, running: 4), time: start))
        await reconciler.update(policies: [cpuPolicy(api)])
        #expect(await Set(reconciler.lastSeen.keys) == [api.description])
    }
}
