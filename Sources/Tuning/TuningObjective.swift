import Simulator

/// What a tuning run must respect on the fitting part, as multiples of the baseline's scores there.
public struct TuningConstraints: Sendable, Hashable {
    /// Cost at most this times the baseline's (1: no dearer).
    public var maxCostRatio: Double
    /// Scaling actions at most this times the baseline's (2: at most twice as many).
    public var maxActionsRatio: Double

    public init(maxCostRatio: Double = 1, maxActionsRatio: Double = 2) {
        self.maxCostRatio = maxCostRatio
        self.maxActionsRatio = maxActionsRatio
    }
}

/// The three scores a tuning run weighs, from a simulation's full scores.
public struct CandidateScore: Sendable, Hashable {
    /// Seconds under-provisioned (S[t] < d[t]).
    public var underSeconds: Double
    public var cost: Double
    public var scalingActions: Int

    public init(underSeconds: Double, cost: Double, scalingActions: Int) {
        self.underSeconds = underSeconds
        self.cost = cost
        self.scalingActions = scalingActions
    }

    public init(_ scores: SimulationScores) {
        self.init(underSeconds: scores.underProvisionedSeconds, cost: scores.cost, scalingActions: scores.scalingActions)
    }
}

/// Least under-provisioned time, subject to the constraints against the baseline's scores on the
/// same steps; the cheaper of two equally short candidates wins.
public struct TuningObjective: Sendable, Hashable {
    public var constraints: TuningConstraints
    /// The baseline's scores on the fitting part.
    public var baseline: CandidateScore

    public init(constraints: TuningConstraints, baseline: CandidateScore) {
        self.constraints = constraints
        self.baseline = baseline
    }

    /// The most a candidate may cost.
    public var costLimit: Double { constraints.maxCostRatio * baseline.cost }
    /// The most scaling actions a candidate may take.
    public var actionLimit: Double { constraints.maxActionsRatio * Double(baseline.scalingActions) }

    public func isFeasible(_ score: CandidateScore) -> Bool {
        score.cost <= costLimit * (1 + 1e-12) && Double(score.scalingActions) <= actionLimit
    }

    /// How far a candidate is past the constraints, relative to each limit (0 when feasible).
    public func violation(_ score: CandidateScore) -> Double {
        let cost = costLimit > 0 ? Swift.max(0, score.cost / costLimit - 1) : (score.cost > 0 ? 1 : 0)
        let actions =
            actionLimit > 0
            ? Swift.max(0, Double(score.scalingActions) / actionLimit - 1) : (score.scalingActions > 0 ? 1 : 0)
        return cost + actions
    }

    /// Whether `a` is better than `b`: feasible before infeasible; among feasible ones less
    /// under-provisioned time, then less cost, then fewer actions; among infeasible ones the
    /// smaller violation (so the search is led toward the feasible region).
    public func isBetter(_ a: CandidateScore, than b: CandidateScore) -> Bool {
        let fa = isFeasible(a), fb = isFeasible(b)
        if fa != fb { return fa }
        if !fa {
            let va = violation(a), vb = violation(b)
            if va != vb { return va < vb }
            return a.underSeconds < b.underSeconds
        }
        if a.underSeconds != b.underSeconds { return a.underSeconds < b.underSeconds }
        if a.cost != b.cost { return a.cost < b.cost }
        return a.scalingActions < b.scalingActions
    }
}
