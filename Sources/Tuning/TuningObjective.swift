import Simulator

/// What a tuning run must respect on the fitting part, as multiples of the baseline's scores there.
public struct TuningConstraints: Sendable, Hashable {
    /// Cost at most this times the baseline's (1: no dearer).
    public var maxCostRatio: Double
    /// Scaling actions at most this times the baseline's (2: at most twice as many).
    public var maxActionsRatio: Double
    /// The cost margin, in standard deviations of the candidate's cost ratio across the fitting
    /// part's stretches (``CandidateScore/costRatioSpread``): a candidate's ratio on the whole
    /// fitting part plus this many of them must stay within ``maxCostRatio`` (0: no margin).
    public var costMarginDeviations: Double
    /// Whether a candidate may replace the baseline's settings when the fitting part's quarters
    /// are shorter than the baseline's slowest reaction (``Tuner/keepsBaselineOnShortFit``);
    /// `false` keeps the baseline there.
    public var allowsShortFit: Bool
    /// Whether a candidate may replace the baseline's settings when it was under-provisioned
    /// longer than the baseline on a quarter of the fitting part (``Tuner/quarterTimeLoss(of:)``);
    /// `false` keeps the baseline there.
    public var allowsUnevenFit: Bool

    public init(
        maxCostRatio: Double = 1, maxActionsRatio: Double = 2, costMarginDeviations: Double = 2, allowsShortFit: Bool = false,
        allowsUnevenFit: Bool = false
    ) {
        self.maxCostRatio = maxCostRatio
        self.maxActionsRatio = maxActionsRatio
        self.costMarginDeviations = costMarginDeviations
        self.allowsShortFit = allowsShortFit
        self.allowsUnevenFit = allowsUnevenFit
    }

    /// The same limits with no cost margin: for judging an outcome, not forecasting one.
    public var withoutMargin: TuningConstraints {
        var limits = self
        limits.costMarginDeviations = 0
        return limits
    }
}

/// The three scores a tuning run weighs, from a simulation's full scores.
public struct CandidateScore: Sendable, Hashable {
    /// Seconds under-provisioned (S[t] < d[t]).
    public var underSeconds: Double
    public var cost: Double
    public var scalingActions: Int
    /// The sample standard deviation of its cost ratio to the baseline's across the stretches of
    /// the fitting part (``FittingMeter``); 0 when it was not measured.
    public var costRatioSpread: Double
    /// Its cost ratio to the baseline's on the last stretch of the fitting part: the traffic
    /// nearest the time after it. `nil` when it was not measured.
    public var recentCostRatio: Double?
    /// Seconds it would have been under-provisioned with every step's load × (1 +
    /// ``FittingMeter/surge``): how close to the demand it ran. 0 when it was not measured.
    public var surgeUnderSeconds: Double

    public init(
        underSeconds: Double, cost: Double, scalingActions: Int, costRatioSpread: Double = 0, recentCostRatio: Double? = nil,
        surgeUnderSeconds: Double = 0
    ) {
        self.underSeconds = underSeconds
        self.cost = cost
        self.scalingActions = scalingActions
        self.costRatioSpread = costRatioSpread
        self.recentCostRatio = recentCostRatio
        self.surgeUnderSeconds = surgeUnderSeconds
    }

    public init(_ scores: SimulationScores) {
        self.init(underSeconds: scores.underProvisionedSeconds, cost: scores.cost, scalingActions: scores.scalingActions)
    }
}

/// Least under-provisioned time, subject to the constraints against the baseline's scores on the
/// same steps; of two equally short candidates, the one short for less time under a surge
/// (``CandidateScore/surgeUnderSeconds``) wins, then the cheaper.
public struct TuningObjective: Sendable, Hashable {
    public var constraints: TuningConstraints
    /// The baseline's scores on the fitting part.
    public var baseline: CandidateScore

    public init(constraints: TuningConstraints, baseline: CandidateScore) {
        self.constraints = constraints
        self.baseline = baseline
    }

    /// The most a candidate may cost with its margin (``marginedCost(_:)``).
    public var costLimit: Double { constraints.maxCostRatio * baseline.cost }
    /// The most scaling actions a candidate may take.
    public var actionLimit: Double { constraints.maxActionsRatio * Double(baseline.scalingActions) }

    /// The cost held to ``costLimit``: the candidate's cost, or its cost at its ratio on the
    /// most recent stretch when that is higher, plus its margin, the margin being
    /// ``TuningConstraints/costMarginDeviations`` spreads of its cost ratio, in money.
    ///
    /// The most recent stretch counts on its own because traffic drifts: the time after the
    /// fitting part is more like its end than like its average. With no margin asked for
    /// (`--cost-margin 0`), neither counts: the cost on the whole part is held to the plain limit.
    public func marginedCost(_ score: CandidateScore) -> Double {
        guard constraints.costMarginDeviations > 0 else { return score.cost }
        return Swift.max(score.cost, (score.recentCostRatio ?? 0) * baseline.cost) + margin(score) * baseline.cost
    }

    /// The candidate's margin as a fraction of the baseline's cost (0.012: 1.2 % of it).
    public func margin(_ score: CandidateScore) -> Double {
        constraints.costMarginDeviations * score.costRatioSpread
    }

    public func isFeasible(_ score: CandidateScore) -> Bool {
        marginedCost(score) <= costLimit * (1 + 1e-12) && Double(score.scalingActions) <= actionLimit
    }

    /// How far a candidate is past the constraints, relative to each limit (0 when feasible).
    public func violation(_ score: CandidateScore) -> Double {
        let spent = marginedCost(score)
        let cost = costLimit > 0 ? Swift.max(0, spent / costLimit - 1) : (spent > 0 ? 1 : 0)
        let actions =
            actionLimit > 0
            ? Swift.max(0, Double(score.scalingActions) / actionLimit - 1) : (score.scalingActions > 0 ? 1 : 0)
        return cost + actions
    }

    /// Whether the baseline is at least as good as `best` on the fitting part: a search that
    /// found nothing shorter (or as short and cheaper) than the policy it started from must not
    /// hand back something worse by its own objective. The baseline meets the constraints by
    /// definition (its cost is the limit's base, its spread against itself 0).
    public func keepsBaseline(over best: CandidateScore) -> Bool {
        !isBetter(best, than: baseline)
    }

    /// Whether `a` is better than `b`: feasible before infeasible; among feasible ones less
    /// under-provisioned time, then less of it under a surge, then less cost, then fewer actions;
    /// among infeasible ones the smaller violation (so the search is led toward the feasible region).
    ///
    /// The surge decides between equally short candidates because the cheaper of them is the one
    /// that ran closest to the demand, and later traffic finds it short first: on pairs the rule
    /// was not chosen on, "cheaper first" met the goals less often (BENCHMARKS.md).
    public func isBetter(_ a: CandidateScore, than b: CandidateScore) -> Bool {
        let fa = isFeasible(a), fb = isFeasible(b)
        if fa != fb { return fa }
        if !fa {
            let va = violation(a), vb = violation(b)
            if va != vb { return va < vb }
            return a.underSeconds < b.underSeconds
        }
        if a.underSeconds != b.underSeconds { return a.underSeconds < b.underSeconds }
        if a.surgeUnderSeconds != b.surgeUnderSeconds { return a.surgeUnderSeconds < b.surgeUnderSeconds }
        if a.cost != b.cost { return a.cost < b.cost }
        return a.scalingActions < b.scalingActions
    }
}
