import Foundation
import Testing

@testable import Controller

/// What `/readyz` says: scripts follow the daemon's progress there, not in `/metrics`.
@Suite struct ControllerStatusTests {
    @Test func readinessCountsTheReconcilesSinceStart() async {
        let status = ControllerStatus()
        #expect(await status.readiness.detail["reconciles"] == "0")
        await status.reconciled(at: Date(timeIntervalSince1970: 1_700_000_000), failures: 2)
        await status.reconciled(at: Date(timeIntervalSince1970: 1_700_000_015), failures: 0)
        let detail = await status.readiness.detail
        #expect(detail["reconciles"] == "2")
        #expect(detail["lastReconcileFailures"] == "0")
        #expect(detail["lastReconcile"] == "2023-11-14T22:13:35Z")
    }
}
