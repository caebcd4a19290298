import Foundation

/// A ``Decision`` without its reasons: what a simulation or a tuning run reads of each step.
///
/// It holds no reference (no reasons array), so a caller that decides millions of steps
/// neither retains nor destroys anything per step; a ``Decision`` is this plus the reasons,
/// made by the same ``CapacityPlanner`` code.
package struct DecisionOutcome: Sendable, Hashable {
    /// ``Decision/time``.
    package var time: Date
    /// ``Decision/current``: the unit count in force before the decision.
    package var current: Int
    /// ``Decision/desired``: the unit count the target should have.
    package var desired: Int
    /// ``Decision/bounds``: the bounds that applied.
    package var bounds: CapacityBounds
    /// ``Decision/recommendation``: what the metrics alone asked for.
    package var recommendation: Int?
    /// ``Decision/warmPool``: the warm pool to keep, when the policy has one.
    package var warmPool: WarmPoolPlan?
}
