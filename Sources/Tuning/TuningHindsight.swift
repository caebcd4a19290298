import Foundation
import Simulator

/// Every candidate a search tried, scored afterwards on the validation part: how well the best of
/// the search space would have done there, known only in hindsight.
///
/// This judges the tuner, not the tuned policy: when a candidate that meets the constraints on
/// the validation part is much shorter there than the chosen one, the search's choice did not
/// carry over to later traffic; when none is, the goal was out of the space's reach on that
/// traffic, whatever had been chosen. It is computed after the choice and never feeds back into
/// it (picking from it would be tuning on the test), so the written policy is the same with or
/// without it.
public struct TuningHindsight: Sendable {
    /// Each candidate's scores on the validation part, in the search's order
    /// (``TuningCandidate/index``).
    public let scores: [CandidateScore]
    /// The baseline's scores on the validation part.
    public let baseline: CandidateScore
    /// The constraints, held against ``baseline`` (no cost margin: this is the outcome, not a forecast).
    public let objective: TuningObjective

    public init(scores: [CandidateScore], baseline: CandidateScore, constraints: TuningConstraints) {
        self.scores = scores
        self.baseline = baseline
        var plain = constraints
        plain.costMarginDeviations = 0
        self.objective = TuningObjective(constraints: plain, baseline: baseline)
    }

    /// Indices of the candidates no other beats on both cost and under-provisioned time on the
    /// validation part, cheapest first.
    public var front: [Int] { ParetoFront.indices(scores) }

    /// Whether a candidate met the constraints on the validation part, against the baseline's scores there.
    public func meetsConstraints(_ index: Int) -> Bool {
        objective.isFeasible(scores[index])
    }

    /// The candidate least under-provisioned on the validation part among those that met the
    /// constraints there (the cheaper on a tie); `nil` when none did.
    public var shortestWithinConstraints: Int? {
        scores.indices.filter(meetsConstraints).min { a, b in
            scores[a].underSeconds != scores[b].underSeconds ? scores[a].underSeconds < scores[b].underSeconds : scores[a].cost < scores[b].cost
        }
    }
}

extension Tuner {
    /// Replays every candidate of `result` over the whole trace and scores it on the validation
    /// part, as ``validate(policy:)`` scores the chosen one; candidates run on every core.
    /// Cancellation stops it early with `nil`.
    public func hindsight(_ result: TuningSearchResult) async throws -> TuningHindsight? {
        let whole = try Simulation(trace: trace, scenario: scenario).scored(split.validationSteps)
        let baselineScore = CandidateScore(whole.run(baseline).scores)
        let genomes = result.candidates.map(\.genome)
        let space = space
        // One task per core-sized slice keeps the task count small for large budgets.
        let slices = TuningHindsight.slices(count: genomes.count, parts: 4 * Swift.max(1, ProcessInfo.processInfo.activeProcessorCount))
        let scores: [CandidateScore]? = await withTaskGroup(of: (Range<Int>, [CandidateScore]?).self) { group in
            for slice in slices {
                group.addTask {
                    var out: [CandidateScore] = []
                    out.reserveCapacity(slice.count)
                    for index in slice {
                        if Task.isCancelled { return (slice, nil) }
                        out.append(CandidateScore(whole.run(space.policy(genomes[index], name: "candidate-\(index)")).scores))
                        // A slice is seconds of work: without a suspension point it would hold
                        // its thread of the shared pool, and Ctrl-C's listener could not run.
                        await Task.yield()
                    }
                    return (slice, out)
                }
            }
            var all = [CandidateScore](repeating: CandidateScore(underSeconds: 0, cost: 0, scalingActions: 0), count: genomes.count)
            for await (slice, part) in group {
                guard let part else {
                    group.cancelAll()
                    return nil
                }
                all.replaceSubrange(slice, with: part)
            }
            return all
        }
        guard let scores else { return nil }
        return TuningHindsight(scores: scores, baseline: baselineScore, constraints: objective.constraints)
    }
}

extension TuningHindsight {
    /// `0..<count` cut into at most `parts` consecutive slices of near-equal length.
    static func slices(count: Int, parts: Int) -> [Range<Int>] {
        let parts = Swift.max(1, Swift.min(parts, count))
        guard count > 0 else { return [] }
        return (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
    }
}
