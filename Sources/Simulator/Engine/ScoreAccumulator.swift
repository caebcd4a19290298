/// Running sums behind ``SimulationScores``, fed once per step in step order.
struct ScoreAccumulator {
    private var cost = 0.0
    private var underSteps = 0
    private var overSteps = 0
    private var unitStepsShort = 0
    private var underShare = 0.0
    private var overShare = 0.0
    private var scalingActions = 0
    private var maxUtilization = 0.0

    @inline(__always)
    mutating func add(demand: Int, supply: Int, utilization: Double, cost stepCost: Double) {
        cost += stepCost
        if supply < demand {
            let short = demand - supply
            underSteps += 1
            unitStepsShort += short
            underShare += Double(short) / Double(Swift.max(demand, 1))
        } else if supply > demand {
            overSteps += 1
            overShare += Double(supply - demand) / Double(Swift.max(demand, 1))
        }
        if utilization > maxUtilization { maxUtilization = utilization }
    }

    @inline(__always)
    mutating func addScalingAction() { scalingActions += 1 }

    func scores(steps: Int, stepSeconds: Int, oracleCost: Double) -> SimulationScores {
        let percent = steps > 0 ? 100 / Double(steps) : 0
        return SimulationScores(
            cost: cost, oracleCost: oracleCost, costRatio: SimulationScores.ratio(cost: cost, oracleCost: oracleCost),
            underProvisionedSeconds: Double(underSteps) * Double(stepSeconds),
            thetaU: percent * underShare, thetaO: percent * overShare,
            tauU: percent * Double(underSteps), tauO: percent * Double(overSteps),
            unitStepsShort: unitStepsShort, scalingActions: scalingActions, maxUtilization: maxUtilization)
    }
}
