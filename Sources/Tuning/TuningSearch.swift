import CapacityCore
import Simulator

/// The search of `headroom tune`: random sampling over the whole space, then local refinement
/// around the best candidates found (an elitist evolution strategy with shrinking steps).
///
/// It sees one ``Simulation``, its meter's: in `tune`, the fitting part of the trace and nothing after it (in
/// hindsight, ``Tuner/searchValidationPart()``, the validation part). Candidates are
/// generated in fixed-size batches from the seed and the results of earlier batches only, then
/// simulated in parallel, so a run with the same seed gives the same candidates, in the same
/// order, on any number of cores.
public struct TuningSearch: Sendable {
    public let space: TuningSearchSpace
    /// Scores each candidate on the fitting part: its scores, cost spread, recent cost ratio and
    /// surge time.
    public let meter: FittingMeter
    public let objective: TuningObjective
    /// Candidate policies to simulate.
    public let budget: Int
    public let seed: UInt64

    /// Candidates per batch: fixed, so results do not depend on the machine's core count.
    static let batchSize = 32
    /// Behaviours kept as parents during refinement (``bestIndices(_:count:)``).
    static let eliteCount = 8

    public init(space: TuningSearchSpace, meter: FittingMeter, objective: TuningObjective, budget: Int, seed: UInt64) {
        self.space = space
        self.meter = meter
        self.objective = objective
        self.budget = budget
        self.seed = seed
    }

    /// How many of the budget are drawn at random before refinement starts.
    public var randomCount: Int {
        budget <= 2 * Self.batchSize ? budget : Swift.max(2 * Self.batchSize, budget * 2 / 5)
    }

    /// Runs the search. Cancellation (Ctrl-C) ends it after the candidates already running; the
    /// result then holds every candidate finished so far and says it was interrupted.
    public func run(progress: TuningProgress? = nil) async -> TuningSearchResult {
        var generator = SeededGenerator(seed: seed)
        var candidates: [TuningCandidate] = []
        candidates.reserveCapacity(budget)
        var seen = Set<[Double]>()
        var elite: [Int] = []
        var interrupted = false

        while candidates.count < budget {
            let count = Swift.min(Self.batchSize, budget - candidates.count)
            var batch: [(TuningGenome, TuningCandidate.Phase)] = []
            for _ in 0..<count {
                let phase: TuningCandidate.Phase = candidates.count + batch.count < randomCount ? .random : .refinement
                var genome = next(phase, elite: elite, candidates: candidates, done: candidates.count + batch.count, &generator)
                // Two genes often land on the same values; a repeat is re-drawn a few times.
                var tries = 0
                while seen.contains(values(genome)), tries < 8 {
                    genome = next(phase, elite: elite, candidates: candidates, done: candidates.count + batch.count, &generator)
                    tries += 1
                }
                seen.insert(values(genome))
                batch.append((genome, phase))
            }
            let firstIndex = candidates.count
            let scores = await evaluate(batch.map(\.0), firstIndex: firstIndex)
            for (offset, score) in scores.enumerated() {
                guard let score else {
                    interrupted = true
                    continue
                }
                let (genome, phase) = batch[offset]
                candidates.append(
                    TuningCandidate(
                        index: candidates.count, genome: genome, score: score, feasible: objective.isFeasible(score), phase: phase))
            }
            if interrupted || Task.isCancelled {
                interrupted = true
                break
            }
            elite = bestIndices(candidates, count: Self.eliteCount)
            await progress?.update(evaluated: candidates.count, best: elite.first.map { candidates[$0] })
        }
        let best = bestIndices(candidates, count: 1).first.map { candidates[$0] }
        return TuningSearchResult(candidates: candidates, best: best?.feasible == true ? best : nil, interrupted: interrupted)
    }

    /// The next genome to try: a random one, or a mutation (sometimes of a crossover) of an elite.
    private func next(
        _ phase: TuningCandidate.Phase, elite: [Int], candidates: [TuningCandidate], done: Int, _ generator: inout SeededGenerator
    ) -> TuningGenome {
        guard phase == .refinement, !elite.isEmpty else { return space.sample(using: &generator) }
        // Parents nearer the top are chosen more often.
        let pick = { (generator: inout SeededGenerator) -> TuningGenome in
            let u = generator.unit()
            return candidates[elite[Swift.min(elite.count - 1, Int(u * u * Double(elite.count)))]].genome
        }
        var parent = pick(&generator)
        if elite.count > 1, generator.unit() < 0.2 {
            parent = space.crossover(parent, pick(&generator), using: &generator)
        }
        // Steps shrink from a quarter of each knob's range to a few percent as the budget is spent.
        let refined = Double(done - randomCount) / Double(Swift.max(1, budget - randomCount))
        let scale = 0.25 * (1 - refined) + 0.03
        return space.mutate(parent, scale: scale, rate: 0.15, using: &generator)
    }

    /// The knob values a genome stands for: two genomes with the same values are one policy.
    private func values(_ genome: TuningGenome) -> [Double] {
        TuningSearchSpace.KnobID.allCases.map { space.value($0, in: genome) }
    }

    /// Simulates a batch in parallel; `nil` for a candidate not run because the task was cancelled.
    private func evaluate(_ genomes: [TuningGenome], firstIndex: Int) async -> [CandidateScore?] {
        let meter = meter
        return await Self.score(genomes, firstIndex: firstIndex, in: space) { policy in meter.score(policy) }
    }

    /// Scores each genome's policy with `score`, one child task per candidate on every core;
    /// `nil` for a candidate not run because the task was cancelled. Callers pass a batch at a
    /// time: a task is one candidate, so between batches the shared pool is free for other
    /// work (Ctrl-C's listener runs on it too).
    static func score(
        _ genomes: [TuningGenome], firstIndex: Int, in space: TuningSearchSpace,
        with score: @escaping @Sendable (CapacityPolicy) -> CandidateScore
    ) async -> [CandidateScore?] {
        await withTaskGroup(of: (Int, CandidateScore?).self) { group in
            for (offset, genome) in genomes.enumerated() {
                group.addTask {
                    guard !Task.isCancelled else { return (offset, nil) }
                    return (offset, score(space.policy(genome, name: "candidate-\(firstIndex + offset)")))
                }
            }
            var scores = [CandidateScore?](repeating: nil, count: genomes.count)
            for await (offset, candidate) in group { scores[offset] = candidate }
            return scores
        }
    }

    /// The indices of the best `count` candidates that behave differently, best first: of
    /// candidates with the same scores, only the first tried.
    ///
    /// Many genomes are one behaviour: a knob that never comes into play (a rate limit above
    /// every step the policy takes, a scale-in alarm behind a longer window) can take any value.
    /// Counted as distinct, such clones filled every parent slot and every place on the
    /// shortlist on almost every benchmark pair, so refinement mutated one behaviour and the
    /// choice among "the best 32" chose among copies (BENCHMARKS.md, "Session 13").
    func bestIndices(_ candidates: [TuningCandidate], count: Int) -> [Int] {
        var best: [Int] = []
        for candidate in candidates where !best.contains(where: { candidates[$0].score == candidate.score }) {
            // A copy of a candidate that fell off the list would rank where it did: off the list too.
            let position = best.firstIndex { objective.isBetter(candidate.score, than: candidates[$0].score) } ?? best.count
            if position < count {
                best.insert(candidate.index, at: position)
                if best.count > count { best.removeLast() }
            }
        }
        return best
    }
}

/// One simulated candidate.
public struct TuningCandidate: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable {
        case random
        case refinement
    }

    /// Its place in the run, from 0.
    public var index: Int
    public var genome: TuningGenome
    /// Its scores on the fitting part.
    public var score: CandidateScore
    /// Whether it met the constraints there.
    public var feasible: Bool
    public var phase: Phase
}

/// What a search found.
public struct TuningSearchResult: Sendable {
    /// Every candidate simulated, in the order they were generated.
    public var candidates: [TuningCandidate]
    /// The candidate chosen: after ``TuningSearch/run(progress:)`` the best that meets the
    /// constraints, if any did; after ``Tuner/search(progress:)`` the one ``Tuner`` chose.
    public var best: TuningCandidate?
    /// Whether the search was cancelled before its budget was spent.
    public var interrupted: Bool
    /// Why the tuned policy keeps the baseline's settings instead of ``best``, when it does;
    /// `nil` when ``best`` is written, or when nothing met the constraints.
    public var keptBaseline: BaselineKeptReason?

    /// Whether the tuned policy keeps the baseline's settings (``keptBaseline``).
    public var keepsBaseline: Bool { keptBaseline != nil }
    /// Whether the baseline's settings are kept only because the fitting part is too short to
    /// write a candidate on: ``best`` did beat the baseline there.
    public var keptForShortFit: Bool { keptBaseline == .shortFit }
    /// The quarter on which ``best``, though it beat the baseline on the whole part, was
    /// under-provisioned longer than the baseline, when that is why its settings are kept.
    public var keptForQuarterLoss: QuarterTimeLoss? {
        guard case .quarterLoss(let loss) = keptBaseline else { return nil }
        return loss
    }

    /// How many different behaviours the candidates were: candidates with the same scores on the
    /// fitting part count once (``TuningSearch/bestIndices(_:count:)``). Far fewer than the
    /// candidates means refinement kept landing on policies it had already tried.
    public var behaviours: Int { zip(candidates, firstWithSameScores).count { candidate, first in candidate.index == first } }

    /// For each candidate, in order, the index of the first candidate with the same scores on the
    /// fitting part (its own index when it is that first): which behaviour each candidate was.
    public var firstWithSameScores: [Int] {
        var first: [CandidateScore: Int] = [:]
        return candidates.map { candidate in
            if let earlier = first[candidate.score] { return earlier }
            first[candidate.score] = candidate.index
            return candidate.index
        }
    }
}

/// How far a search has come, for a progress bar.
public actor TuningProgress {
    public nonisolated let budget: Int
    public private(set) var evaluated = 0
    public private(set) var best: CandidateScore?
    public private(set) var bestFeasible = false

    public init(budget: Int) {
        self.budget = budget
    }

    func update(evaluated: Int, best: TuningCandidate?) {
        self.evaluated = evaluated
        self.best = best?.score
        self.bestFeasible = best?.feasible ?? false
    }
}
