import Foundation

/// A ``Decision`` without its reasons: what a simulation or a tuning run reads of each step.
///
/// It holds no reference (no reasons array), so a caller that decides millions of steps
/// neither retains nor destroys anything per step; a ``Decision`` is this plus the reasons,
/// made by the same ``CapacityPlanner`` code.
package struct DecisionOutcome: Sendable, Hashable {
    package var time: Date
    package var current: Int
    package var desired: Int
    package var bounds: CapacityBounds
    package var recommendation: Int?
    package var warmPool: WarmPoolPlan?
}
