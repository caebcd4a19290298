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
        self.objective = TuningObjective(constraints: constraints.withoutMargin, baseline: baseline)
    }

    /// Indices of the candidates no other beats on both cost and under-provisioned time on the
    /// validation part, cheapest first.
    public var front: [Int] { ParetoFront.indices(scores) }

    /// Whether a candidate met the constraints on the validation part, against the baseline's scores there.
    public func meetsConstraints(_ index: Int) -> Bool {
        objective.isFeasible(scores[index])
    }

    /// The candidates that met the constraints on the validation part.
    public var withinConstraints: [Int] { scores.indices.filter(meetsConstraints) }

    /// The candidate least under-provisioned on the validation part among those that met the
    /// constraints there (the cheaper on a tie); `nil` when none did.
    public var shortestWithinConstraints: Int? {
        withinConstraints.min { a, b in
            scores[a].underSeconds != scores[b].underSeconds ? scores[a].underSeconds < scores[b].underSeconds : scores[a].cost < scores[b].cost
        }
    }
}

extension Tuner {
    /// Replays every candidate of `result` over the whole trace and scores it on the validation
    /// part, as ``validate(policy:)`` scores the chosen one; candidates run on every core.
    /// Cancellation stops it early with `nil`.
    public func hindsight(_ result: TuningSearchResult) async throws -> TuningHindsight? {
        let whole = try validationSimulation()
        let genomes = result.candidates.map(\.genome)
        var scores: [CandidateScore] = []
        scores.reserveCapacity(genomes.count)
        // In the search's batches: all at once would queue Ctrl-C's listener behind every candidate.
        for first in stride(from: 0, to: genomes.count, by: TuningSearch.batchSize) {
            let batch = genomes[first..<Swift.min(first + TuningSearch.batchSize, genomes.count)]
            let scored = await TuningSearch.score(Array(batch), firstIndex: first, in: space) { policy in
                CandidateScore(whole.run(policy).scores)
            }
            guard !Task.isCancelled, scored.allSatisfy({ $0 != nil }) else { return nil }
            scores += scored.compactMap { $0 }
        }
        return TuningHindsight(scores: scores, baseline: CandidateScore(whole.run(baseline).scores), constraints: objective.constraints)
    }
}
