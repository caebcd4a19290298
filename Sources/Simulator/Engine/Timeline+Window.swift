extension Timeline {
    /// Steps of `steps` with fewer ready units than `demand` asks for (S[t] < d[t]): under a
    /// window's scoring, those steps are its under-provisioned ones. Steps past the timeline's end
    /// count as not short.
    public func stepsShort(of demand: [Int], in steps: Range<Int>) -> Int {
        var short = 0
        for step in steps where step < count && Int(ready[step]) < demand[step] { short += 1 }
        return short
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
