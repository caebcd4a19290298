import CapacityCore

/// Whatever chooses D[t] from an observation. Simulations use ``PlannerDecider``, the daemon's
/// own ``CapacityPlanner``; tests may script the counts to check the physics alone.
protocol StepDecider {
    /// The desired count for this step and the upper bound that applied to it (the warm pool's
    /// default prepared capacity).
    mutating func decide(_ observation: Observation) -> (desired: Int, upperBound: Int)
}

/// ``CapacityPlanner`` as a ``StepDecider``: the same code path as the daemon.
struct PlannerDecider: StepDecider {
    var planner: CapacityPlanner

    @inline(__always)
    mutating func decide(_ observation: Observation) -> (desired: Int, upperBound: Int) {
        let decision = planner.decide(observation)
        return (decision.desired, decision.bounds.max)
    }
}

/// A recorded desired column played back: the physics and scores of a run without its policy.
struct ReplayDecider: StepDecider {
    let desired: [Int]
    let upperBound: Int
    private var step = 0

    init(desired: [Int], upperBound: Int) {
        self.desired = desired
        self.upperBound = upperBound
    }

    @inline(__always)
    mutating func decide(_ observation: Observation) -> (desired: Int, upperBound: Int) {
        defer { step += 1 }
        guard !desired.isEmpty else { return (0, upperBound) }
        return (desired[Swift.min(step, desired.count - 1)], upperBound)
    }
}
