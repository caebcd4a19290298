import CapacityCore
import Foundation
import PolicyFiles
import Simulator

/// One `headroom tune`: split the trace, search on the fitting part, then score the chosen policy
/// and the baseline on the validation part, which the search never saw.
///
/// ``init(trace:scenario:baseline:validateLast:constraints:budget:seed:tunedName:)`` checks
/// everything that can be checked before the search; ``search(progress:)`` runs it;
/// ``validate(_:)`` replays the whole trace, scoring only the validation part.
public struct Tuner: Sendable {
    public let trace: Trace
    public let scenario: SimulationScenario
    public let baseline: CapacityPolicy
    public let split: TuningSplit
    public let space: TuningSearchSpace
    public let objective: TuningObjective
    public let budget: Int
    public let seed: UInt64
    /// The name the tuned policy is written with.
    public let tunedName: String
    /// The fitting part, alone: the only simulation the search is given.
    public let fitting: Simulation
    /// The baseline's scores on the fitting part.
    public let baselineFit: SimulationScores
    /// Prices a policy on each quarter of the fitting part against the baseline (the cost
    /// margin) and counts its surge time (the tie-break): every candidate is scored through it.
    public let meter: FittingMeter
    /// Said before the search when the baseline's MaxCapacity is below what the whole trace's
    /// peak needs (``capacityWarning(of:on:scenario:)``); `nil` when it reaches the peak.
    public let capacityWarning: String?

    /// - Throws: ``TuningError`` for a trace too short to split, a baseline without target
    ///   tracking, a constraint nothing can meet, a negative cost margin or a budget below 1;
    ///   ``SimulationError`` for a scenario or trace the simulator refuses.
    public init(
        trace: Trace, scenario: SimulationScenario, baseline: CapacityPolicy, validateLast: ValidationSpan = .fraction(1.0 / 3),
        constraints: TuningConstraints = TuningConstraints(), budget: Int, seed: UInt64, tunedName: String? = nil
    ) throws {
        guard budget >= 1 else { throw TuningError.invalidBudget(budget) }
        guard case .targetTracking(let tracking) = baseline.strategy, !tracking.metrics.isEmpty else {
            throw TuningError.unsuitableBaseline(
                "'\(baseline.name)' holds a fixed count; tuning starts from a target-tracking policy (its metrics, bounds and target are kept)")
        }
        guard constraints.maxCostRatio > 0, constraints.maxCostRatio.isFinite else {
            throw TuningError.impossibleConstraint("--max-cost-ratio must be a positive number (found \(constraints.maxCostRatio))")
        }
        guard constraints.maxActionsRatio >= 0, constraints.maxActionsRatio.isFinite else {
            throw TuningError.impossibleConstraint("--max-actions-ratio must be 0 or more (found \(constraints.maxActionsRatio))")
        }
        guard constraints.costMarginDeviations >= 0, constraints.costMarginDeviations.isFinite else {
            throw TuningError.impossibleConstraint("--cost-margin must be 0 or more (found \(constraints.costMarginDeviations))")
        }
        let split = try TuningSplit(stepCount: trace.count, stepSeconds: trace.stepSeconds, validateLast: validateLast)
        try self.init(trace: trace, scenario: scenario, baseline: baseline, split: split, constraints: constraints, budget: budget, seed: seed, tunedName: tunedName)
    }

    /// The checks that depend on the part fitted on, and the search's setup for it.
    init(
        trace: Trace, scenario: SimulationScenario, baseline: CapacityPolicy, split: TuningSplit, constraints: TuningConstraints, budget: Int,
        seed: UInt64, tunedName: String?
    ) throws {
        let fitting = try Simulation(trace: split.fittingTrace(of: trace), scenario: scenario)
        let meter = FittingMeter(simulation: fitting, baseline: baseline, parts: Self.checkedParts)
        let baselineFit = meter.baselineScores
        let objective = TuningObjective(constraints: constraints, baseline: meter.baseline)
        // No policy runs fewer than MinCapacity units after its first decision.
        let floorCost = Double(baseline.bounds.min) * fitting.physics.unitStepPrice * Double(Swift.max(0, split.fitSteps.count - 1))
        if objective.costLimit < floorCost {
            throw TuningError.impossibleConstraint(
                "cost at most \(Self.money(objective.costLimit)) (\(constraints.maxCostRatio) × the baseline's \(Self.money(baselineFit.cost))) on the fitting part, but MinCapacity \(baseline.bounds.min) alone costs \(Self.money(floorCost)) there")
        }
        let fitSeconds = split.fitSteps.count * trace.stepSeconds
        self.trace = trace
        self.scenario = scenario
        self.baseline = baseline
        self.split = split
        self.space = TuningSearchSpace(
            baseline: baseline,
            context: .init(
                stepSeconds: trace.stepSeconds, bootSeconds: Int(scenario.bootSeconds.rounded(.up)),
                warmStartSeconds: Int(scenario.warmStartSeconds.rounded(.up)), fitSeconds: fitSeconds))
        self.objective = objective
        self.budget = budget
        self.seed = seed
        self.tunedName = tunedName ?? "\(baseline.name)-tuned"
        self.fitting = fitting
        self.baselineFit = baselineFit
        self.meter = meter
        self.capacityWarning = try Self.capacityWarning(of: baseline, on: trace, scenario: scenario)
    }

    /// The search over the fitting part, then the choice among its best candidates
    /// (``choose(from:ranking:)``), kept as the baseline's settings when it does not beat them,
    /// when the fitting part is too short to write it on (``keepsBaselineOnShortFit``), or when
    /// it was short longer than the baseline on a quarter of the fitting part
    /// (``quarterTimeLoss(of:)``).
    public func search(progress: TuningProgress? = nil) async -> TuningSearchResult {
        let search = TuningSearch(space: space, meter: meter, objective: objective, budget: budget, seed: seed)
        var result = await search.run(progress: progress)
        result.best = choose(from: result, ranking: search)
        result.keptBaseline = result.best.flatMap(keptReason(over:))
        return result
    }

    /// Why the baseline's settings are written instead of `best`, the search's choice; `nil`
    /// when `best` is written. The rules run in this order, each only when the ones before
    /// it let the choice through.
    func keptReason(over best: TuningCandidate) -> BaselineKeptReason? {
        if objective.keepsBaseline(over: best.score) { return .noBetterCandidate }
        if keepsBaselineOnShortFit { return .shortFit }
        if !objective.constraints.allowsUnevenFit, let loss = quarterTimeLoss(of: best) { return .quarterLoss(loss) }
        return nil
    }

    /// The policy a search result stands for: the chosen candidate's, or the baseline's own
    /// settings under the tuned name when no candidate beat them; `nil` when nothing met the
    /// constraints.
    public func chosenPolicy(_ result: TuningSearchResult) -> CapacityPolicy? {
        guard let best = result.best else { return nil }
        guard result.keepsBaseline else { return policy(for: best) }
        // Written as a Headroom file like any tuned policy (every setting spelt out); the kind
        // only labels reports.
        var kept = baseline
        kept.name = tunedName
        kept.kind = .headroom
        return kept
    }

    /// Behaviours the choice looks at, best first (candidates with the same scores count once).
    static let shortlistCount = 32
    /// The fitting part is cut into this many equal stretches for the choice and the cost margin.
    static let checkedParts = 4

    /// The best candidate that meets the constraints on the whole fitting part (with its cost
    /// margin) **and on each of its quarters** (against the baseline's scores on that quarter),
    /// among the ``shortlistCount`` best behaviours on the whole part (``TuningSearch/bestIndices(_:count:)``);
    /// the best on the whole part when none does.
    ///
    /// A policy that is cheaper than the baseline only on the sum of a long stretch, and dearer on
    /// part of it, is likely to be dearer on the time after it too: traffic drifts, and
    /// the validation part is later time. This is a choice among candidates the search already
    /// scored, on data it already had; it never reads the validation part.
    func choose(from result: TuningSearchResult, ranking search: TuningSearch) -> TuningCandidate? {
        let shortlist = search.bestIndices(result.candidates, count: Self.shortlistCount)
            .map { result.candidates[$0] }.filter(\.feasible)
        guard let first = shortlist.first else { return nil }
        // Each quarter from one replay's timeline, as the meter counts them (FittingMeter.stretchScores).
        let limits = meter.baselineStretchScores.map { TuningObjective(constraints: objective.constraints, baseline: $0) }
        for candidate in shortlist {
            let quarters = meter.stretchScores(meter.simulation.run(policy(for: candidate), recordTimeline: true))
            if zip(limits, quarters).allSatisfy({ limit, quarter in limit.isFeasible(quarter) }) { return candidate }
        }
        return first
    }

    /// The chosen candidate as a policy.
    public func policy(for candidate: TuningCandidate) -> CapacityPolicy {
        space.policy(candidate.genome, name: tunedName)
    }

    /// Scores the chosen policy and the baseline: on the fitting part, and on the validation part
    /// after replaying the whole trace (so both enter it with their history), with timelines.
    public func validate(_ candidate: TuningCandidate) async throws -> TuningValidation {
        try await validate(policy: policy(for: candidate))
    }

    /// Scores `chosen` and the baseline as ``validate(_:)`` does.
    public func validate(policy chosen: CapacityPolicy) async throws -> TuningValidation {
        let fit = fitting.run(chosen, recordTimeline: true)
        let whole = try validationSimulation()
        let report = try await SimulationRunner.run(whole, policies: [baseline, chosen], recordTimelines: true)
        return TuningValidation(
            policy: chosen, chosenFit: fit.scores, baselineFit: baselineFit, chosenFitCostRatios: meter.ratios(of: fit), report: report,
            stretches: ValidationStretches(report, tuned: 1, baseline: 0))
    }

    /// The whole trace, scored on the validation part only: policies enter it with their history.
    func validationSimulation() throws -> Simulation {
        try Simulation(trace: trace, scenario: scenario).scored(split.validationSteps)
    }

    static func money(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}

/// The chosen policy and the baseline, scored on both parts.
public struct TuningValidation: Sendable {
    public let policy: CapacityPolicy
    public let chosenFit: SimulationScores
    public let baselineFit: SimulationScores
    /// The chosen policy's cost on each quarter of the fitting part, × the baseline's there.
    public let chosenFitCostRatios: [Double]
    /// Both replayed over the whole trace, scored on the validation part; baseline first.
    public let report: SimulationReport
    /// Both on each day (or quarter) of the validation part.
    public let stretches: ValidationStretches

    public var baselineValidation: SimulationScores { report.results[0].scores }
    public var chosenValidation: SimulationScores { report.results[1].scores }
}
