extension Timeline {
    /// Steps of `steps` with fewer ready units than `demand` asks for (S[t] < d[t]): under a
    /// window's scoring, those steps are its under-provisioned ones. Steps past the timeline's end
    /// count as not short.
    public func stepsShort(of demand: [Int], in steps: Range<Int>) -> Int {
        var short = 0
        for step in steps where step < count && Int(ready[step]) < demand[step] { short += 1 }
        return short
    }

    /// Steps of `steps` at which the policy launched or removed units: its desired count differed
    /// from the units in service when it decided (D[t] ≠ N, N = ready + booting as recorded).
    /// Under a window's scoring, those are its scaling actions. Steps past the timeline's end
    /// count as none.
    public func scalingActions(in steps: Range<Int>) -> Int {
        var actions = 0
        for step in steps where step < count && desired[step] != ready[step] &+ booting[step] { actions += 1 }
        return actions
    }

    /// What the steps of `steps` cost, each priced as SIMULATION.md prices a step
    /// (``SimulationPhysics/stepCost(ready:booting:warm:preparing:)``).
    public func cost(in steps: Range<Int>, physics: SimulationPhysics) -> Double {
        var cost = 0.0
        for step in steps where step < count {
            cost += physics.stepCost(
                ready: Int(ready[step]), booting: Int(booting[step]), warm: Int(warm[step]), preparing: Int(preparing[step]))
        }
        return cost
    }
}
