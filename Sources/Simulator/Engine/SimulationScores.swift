/// Every score of one run (SIMULATION.md, "Scores"). JSON names are the property names.
public struct SimulationScores: Sendable, Hashable {
    /// Sum of step costs.
    public var cost: Double
    /// `Σ d[t] · pricePerUnitHour · Δ/3600`.
    public var oracleCost: Double
    /// cost / oracle cost. When the oracle costs nothing (no demand, or a free price), 1 if the
    /// run cost nothing too, else +inf.
    public var costRatio: Double
    /// `Σ Δ·[S[t] < d[t]]`, in seconds.
    public var underProvisionedSeconds: Double
    /// θU, % : `100/T · Σ under[t]/max(d[t],1)`.
    public var thetaU: Double
    /// θO, % : `100/T · Σ over[t]/max(d[t],1)`.
    public var thetaO: Double
    /// τU, % of steps under-provisioned.
    public var tauU: Double
    /// τO, % of steps over-provisioned.
    public var tauO: Double
    /// `Σ under[t]`.
    public var unitStepsShort: Int
    /// Steps where D[t] ≠ N.
    public var scalingActions: Int
    /// `max u[t]`: +inf when a step had load and no ready unit.
    public var maxUtilization: Double

    public init(
        cost: Double, oracleCost: Double, costRatio: Double, underProvisionedSeconds: Double, thetaU: Double,
        thetaO: Double, tauU: Double, tauO: Double, unitStepsShort: Int, scalingActions: Int, maxUtilization: Double
    ) {
        self.cost = cost
        self.oracleCost = oracleCost
        self.costRatio = costRatio
        self.underProvisionedSeconds = underProvisionedSeconds
        self.thetaU = thetaU
        self.thetaO = thetaO
        self.tauU = tauU
        self.tauO = tauO
        self.unitStepsShort = unitStepsShort
        self.scalingActions = scalingActions
        self.maxUtilization = maxUtilization
    }

    /// The ratio of ``costRatio``, including its convention for a free oracle.
    static func ratio(cost: Double, oracleCost: Double) -> Double {
        if oracleCost > 0 { return cost / oracleCost }
        return cost == 0 ? 1 : .infinity
    }
}
