import Foundation
import Testing

@testable import Controller

/// What `/readyz` says: scripts follow the daemon's progress there, not in `/metrics`.
@Suite struct ControllerStatusTests {
    @Test func readinessCountsTheReconcilesSinceStart() async {
        let status = ControllerStatus()
        #expect(await status.readiness.detail["reconciles"] == "0")
        #expect(await status.readiness.detail["undecidedTargets"] == "0")
        await status.reconciled(at: Date(timeIntervalSince1970: 1_700_000_000), failures: 2, undecided: 70)
        await status.reconciled(at: Date(timeIntervalSince1970: 1_700_000_015), failures: 0, undecided: 40)
        let detail = await status.readiness.detail
        #expect(detail["reconciles"] == "2")
        #expect(detail["undecidedTargets"] == "110", "summed over the reconciles, so a script sees any tick that left one out")
        #expect(detail["lastReconcileFailures"] == "0")
        #expect(detail["lastReconcile"] == "2023-11-14T22:13:35Z")
    }
}
