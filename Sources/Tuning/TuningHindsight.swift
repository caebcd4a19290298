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
    /// The scores of a second search, run on the validation part itself with the same space,
    /// budget and seed (``Tuner/searchValidationPart()``); empty when it was not run.
    public let searched: [CandidateScore]

    public init(scores: [CandidateScore], baseline: CandidateScore, constraints: TuningConstraints, searched: [CandidateScore] = []) {
        self.scores = scores
        self.baseline = baseline
        self.objective = TuningObjective(constraints: constraints.withoutMargin, baseline: baseline)
        self.searched = searched
    }

    /// The search on the validation part, read like the candidates above: how far the search
    /// space reaches there when the search may look at it. A fitted-on-the-test result, so it is
    /// evidence about the space (a front that stops short of the goal says the goal is out of
    /// the search's reach on that traffic), never a policy to deploy. `nil` when not run.
    public var search: TuningHindsight? {
        searched.isEmpty ? nil : TuningHindsight(scores: searched, baseline: baseline, constraints: objective.constraints)
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
    /// part, as ``validate(policy:)`` scores the chosen one; then, with `searching`, runs
    /// ``searchValidationPart()`` too. Candidates run on every core. Cancellation stops it early
    /// with `nil`.
    public func hindsight(_ result: TuningSearchResult, searching: Bool = false) async throws -> TuningHindsight? {
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
        var searched: [CandidateScore] = []
        if searching {
            guard let found = await searchValidationPart(of: whole) else { return nil }
            searched = found
        }
        return TuningHindsight(
            scores: scores, baseline: CandidateScore(whole.run(baseline).scores), constraints: objective.constraints, searched: searched)
    }

    /// The search run again, on the validation part instead of the fitting part: the same space,
    /// budget and seed, each candidate replayed over the whole trace and scored on the validation
    /// part only, held to the constraints against the baseline's scores there with no cost margin
    /// (nothing is forecast: the search sees the outcome). The scores of every candidate it
    /// tried, in its order; `nil` when cancelled.
    ///
    /// Scoring the fitting search's candidates on the validation part shows what that search
    /// happened to try, which clusters around the best of the fitting part. A search allowed to
    /// look at the validation part shows how far the space reaches there: when even it finds no
    /// policy within the constraints that is short half as long as the baseline, the goal is
    /// out of the search's reach on that traffic, whatever had been chosen.
    public func searchValidationPart() async throws -> [CandidateScore]? {
        await searchValidationPart(of: try validationSimulation())
    }

    /// ``searchValidationPart()`` on `whole`, the whole trace scored on the validation part.
    func searchValidationPart(of whole: Simulation) async -> [CandidateScore]? {
        let meter = FittingMeter(simulation: whole, baseline: baseline, parts: 1)
        let objective = TuningObjective(constraints: objective.constraints.withoutMargin, baseline: meter.baseline)
        let search = TuningSearch(space: space, meter: meter, objective: objective, budget: budget, seed: seed)
        let result = await search.run()
        guard !result.interrupted else { return nil }
        // The three scores the constraints weigh; the meter's extras only ranked candidates in the search.
        return result.candidates.map { CandidateScore(underSeconds: $0.score.underSeconds, cost: $0.score.cost, scalingActions: $0.score.scalingActions) }
    }
}
