import CapacityCore

/// What a decider chose for one step.
struct StepChoice {
    /// D[t], before the engine clamps it at 0.
    var desired: Int
    /// The upper bound that applied (a warm pool without `maxGroupPreparedCapacity` sizes against it).
    var upperBound: Int
    /// The warm pool the policy planned for this step, when it plans one; `nil` keeps the
    /// policy file's static warm-pool settings.
    var warmPool: WarmPoolPlan?

    init(desired: Int, upperBound: Int, warmPool: WarmPoolPlan? = nil) {
        self.desired = desired
        self.upperBound = upperBound
        self.warmPool = warmPool
    }
}

/// Whatever chooses D[t] from an observation. Simulations use ``PlannerDecider``, the daemon's
/// own ``CapacityPlanner``; tests may script the counts to check the physics alone.
protocol StepDecider {
    mutating func decide(_ observation: Observation) -> StepChoice
}

/// ``CapacityPlanner`` as a ``StepDecider``: the same code path as the daemon, warm pool included
/// (the daemon puts the same plan with PutWarmPool). A simulation reads no reasons, so it asks
/// for none: its decisions allocate nothing, and what comes back holds no reference to destroy.
struct PlannerDecider: StepDecider {
    var planner: CapacityPlanner

    @inline(__always)
    mutating func decide(_ observation: Observation) -> StepChoice {
        let decision = planner.decideUnexplained(observation)
        return StepChoice(desired: decision.desired, upperBound: decision.bounds.max, warmPool: decision.warmPool)
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
    mutating func decide(_ observation: Observation) -> StepChoice {
        defer { step += 1 }
        guard !desired.isEmpty else { return StepChoice(desired: 0, upperBound: upperBound) }
        return StepChoice(desired: desired[Swift.min(step, desired.count - 1)], upperBound: upperBound)
    }
}
