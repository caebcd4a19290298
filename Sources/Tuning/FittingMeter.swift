import CapacityCore
import Simulator

/// What a candidate's one replay of the fitting part says beyond its scores: how its cost moves
/// against the baseline's from one stretch to the next (the cost margin), and how long it would
/// have been short under a surge (the tie-break between equally short candidates).
/// docs/TUNING.md, "The cost margin" and "The objective".
///
/// The fitting part is cut into equal stretches; a policy's cost on each, divided by the
/// baseline's on the same stretch, is one ratio, and the sample standard deviation of those
/// ratios is the policy's spread. Everything comes from one replay of the fitting part (its
/// timeline), so each stretch is entered with the history the policy had there, as in a
/// windowed run.
public struct FittingMeter: Sendable {
    /// The part the search fits on, the only simulation the meter is given: in `tune`, the
    /// fitting part alone; in hindsight (``Tuner/searchValidationPart()``), the whole trace
    /// scored on the validation part.
    public let simulation: Simulation
    /// Consecutive, equal stretches covering the fitting part.
    public let stretches: [Range<Int>]
    /// The baseline's scores on each stretch (under-provisioned seconds, cost, scaling actions),
    /// as a run scored on that stretch alone gives them.
    public let baselineStretchScores: [CandidateScore]
    /// The units each step of the fitting part would need with its load × (1 + ``surge``).
    public let surgeDemand: [Int]
    /// The baseline's scores on the fitting part, from the meter's one replay of it.
    public let baselineScores: SimulationScores
    /// The same, measured as every candidate is (its spread against itself is 0).
    public private(set) var baseline: CandidateScore

    /// How much more load than recorded the surge time assumes (0.3: 30 % more on every step).
    ///
    /// Candidates that are equally short on the fitting part are often short for none of it;
    /// the cheapest of them is then the one that ran closest to the demand, and later traffic
    /// finds it short first. Time short under a surge tells them apart by how close they ran.
    /// Chosen among 5, 10, 20 and 30 % on one set of pairs and judged on others
    /// (BENCHMARKS.md, "Session 10: equally short candidates, told apart by a surge").
    public static let surge = 0.3
    /// ``surge`` in percent, as the output says it.
    public static var surgePercent: Int { Int((surge * 100).rounded()) }

    /// - Parameter parts: how many stretches to cut the fitting part into (at least 1).
    public init(simulation: Simulation, baseline: CapacityPolicy, parts: Int) {
        self.simulation = simulation
        self.stretches = Self.stretches(steps: simulation.trace.count, parts: parts)
        let run = simulation.run(baseline, recordTimeline: true)
        self.baselineStretchScores = Self.stretchScores(run, stretches: stretches, simulation: simulation)
        let physics = simulation.physics
        self.surgeDemand = simulation.trace.values.map { physics.demand(load: $0 * (1 + Self.surge)) }
        self.baselineScores = run.scores
        self.baseline = CandidateScore(run.scores)
        // Measured like a candidate once everything it is measured against is in place.
        self.baseline = score(run)
    }

    /// `steps` cut into `parts` consecutive stretches of equal length (the last ones a step
    /// longer when it does not divide).
    public static func stretches(steps: Int, parts: Int) -> [Range<Int>] {
        let parts = Swift.max(1, parts)
        return (0..<parts).map { part in (part * steps / parts)..<((part + 1) * steps / parts) }
    }

    /// A policy's scores on the fitting part, its spread, recent cost ratio and surge time included.
    public func score(_ policy: CapacityPolicy) -> CandidateScore {
        score(simulation.run(policy, recordTimeline: true))
    }

    /// The scores of a replay of the fitting part recorded with its timeline.
    public func score(_ run: PolicyRun) -> CandidateScore {
        var score = CandidateScore(run.scores)
        let costs = Self.costs(run, stretches: stretches, physics: simulation.physics)
        score.costRatioSpread = Self.spread(ratios(costs))
        if let last = costs.last, let base = baselineCosts.last, base > 0 { score.recentCostRatio = last / base }
        score.surgeUnderSeconds = surgeUnderSeconds(run)
        return score
    }

    /// Seconds of a recorded run with fewer ready units than ``surgeDemand``: how long it would
    /// have been short with every step's load × (1 + ``surge``), had it scaled just as it did.
    func surgeUnderSeconds(_ run: PolicyRun) -> Double {
        guard let timeline = run.timeline else { return 0 }
        return Double(timeline.stepsShort(of: surgeDemand, in: simulation.scoredSteps) * simulation.trace.stepSeconds)
    }

    /// The baseline's under-provisioned seconds on each stretch.
    public var baselineShortSeconds: [Double] { baselineStretchScores.map(\.underSeconds) }
    /// The baseline's cost on each stretch.
    public var baselineCosts: [Double] { baselineStretchScores.map(\.cost) }

    /// A recorded run's scores on each stretch: its under-provisioned seconds (S[t] < d[t]), cost
    /// and scaling actions there, as a run scored on that stretch alone counts them (each
    /// stretch entered with the history the policy had); spread and surge time unmeasured.
    public func stretchScores(_ run: PolicyRun) -> [CandidateScore] {
        Self.stretchScores(run, stretches: stretches, simulation: simulation)
    }

    private static func stretchScores(_ run: PolicyRun, stretches: [Range<Int>], simulation: Simulation) -> [CandidateScore] {
        guard let timeline = run.timeline else { return stretches.map { _ in CandidateScore(underSeconds: 0, cost: 0, scalingActions: 0) } }
        return stretches.map { stretch in
            CandidateScore(
                underSeconds: Double(timeline.stepsShort(of: simulation.demand, in: stretch) * simulation.trace.stepSeconds),
                cost: timeline.cost(in: stretch, physics: simulation.physics), scalingActions: timeline.scalingActions(in: stretch))
        }
    }

    /// A policy's cost on each stretch as a multiple of the baseline's there; a stretch on which
    /// the baseline costs nothing has no ratio and is left out.
    public func ratios(_ policy: CapacityPolicy) -> [Double] {
        ratios(of: simulation.run(policy, recordTimeline: true))
    }

    /// The same from a replay of the fitting part recorded with its timeline.
    public func ratios(of run: PolicyRun) -> [Double] {
        ratios(Self.costs(run, stretches: stretches, physics: simulation.physics))
    }

    private func ratios(_ costs: [Double]) -> [Double] {
        zip(costs, baselineCosts).compactMap { cost, base in base > 0 ? cost / base : nil }
    }

    /// The sample standard deviation of `ratios` (n − 1 in the denominator: four stretches are a
    /// small sample); 0 for fewer than two.
    public static func spread(_ ratios: [Double]) -> Double {
        guard ratios.count >= 2 else { return 0 }
        let mean = ratios.reduce(0, +) / Double(ratios.count)
        let squares = ratios.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(ratios.count - 1)).squareRoot()
    }

    /// The cost of a recorded run on each stretch, from its timeline as SIMULATION.md prices a step.
    static func costs(_ run: PolicyRun, stretches: [Range<Int>], physics: SimulationPhysics) -> [Double] {
        guard let timeline = run.timeline else { return stretches.map { _ in 0 } }
        return stretches.map { timeline.cost(in: $0, physics: physics) }
    }
}
