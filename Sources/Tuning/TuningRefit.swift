import CapacityCore
import Simulator

/// The search run again over the whole trace, once its run on the fitting part has been
/// validated (`tune --refit`): the policy to deploy.
///
/// The validated policy never saw the last part of the trace, which is the traffic most like
/// the traffic it will serve. Validation judges the *search* (its space, budget, seed and
/// constraints) on time it never saw; the refit then hands that same search all the history
/// there is. The refitted policy has no held-out score of its own: its evidence is the
/// validation of the same search fitted on less. On 152 trace × scenario pairs judged on a
/// later stretch neither run read, the refitted policy met issue 14's goals on about as many
/// pairs as the one fitted on the earlier part, more where traffic grows (BENCHMARKS.md,
/// "Session 15"; `scripts/refit-benchmarks.py`).
public struct TuningRefit: Sendable {
    /// The search's setup with the whole trace as its fitting part.
    public let tuner: Tuner
    public let search: TuningSearchResult
    /// The refitted policy; `nil` when no candidate met the constraints on the whole trace.
    public let policy: CapacityPolicy?
    /// The refitted policy's scores on the whole trace; `nil` with ``policy``.
    public let scores: SimulationScores?

    /// The baseline's scores on the whole trace.
    public var baselineScores: SimulationScores { tuner.baselineFit }
}

extension Tuner {
    /// The same search (baseline, constraints, budget, seed, tuned name) with the whole trace as
    /// its fitting part. Bounds that follow the fitting part's length (forecast seasons it holds
    /// twice, the longest windows) follow the whole trace's.
    public func refitting() throws -> Tuner {
        try Tuner(
            trace: trace, scenario: scenario, baseline: baseline, split: TuningSplit(refittingAll: trace.count), constraints: objective.constraints,
            budget: budget, seed: seed, tunedName: tunedName)
    }

    /// Runs ``refitting()``'s search and chooses as ``search(progress:)`` does. Cancelled, it
    /// chooses among the candidates simulated so far.
    public func refit(progress: TuningProgress? = nil) async throws -> TuningRefit {
        let whole = try refitting()
        let result = await whole.search(progress: progress)
        let policy = whole.chosenPolicy(result)
        return TuningRefit(tuner: whole, search: result, policy: policy, scores: policy.map { whole.fitting.run($0).scores })
    }
}
