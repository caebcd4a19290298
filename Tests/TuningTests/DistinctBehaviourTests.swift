import Simulator
import Testing

@testable import Tuning

/// Genomes that differ only in knobs that never come into play are one behaviour; the parents of
/// refinement and the shortlist the choice looks at hold each behaviour once.
@Suite struct DistinctBehaviourTests {
    @Test func candidatesThatBehaveAlikeTakeOnePlaceAmongTheBest() async throws {
        let tuner = try Tuner(trace: dailyTrace(days: 4), scenario: webScenario, baseline: try awsBaseline(), budget: 256, seed: 1)
        let search = TuningSearch(space: tuner.space, meter: tuner.meter, objective: tuner.objective, budget: 256, seed: 1)
        let candidates = await search.run().candidates
        let objective = tuner.objective
        let ranked = candidates.sorted { a, b in
            objective.isBetter(a.score, than: b.score) || (!objective.isBetter(b.score, than: a.score) && a.index < b.index)
        }
        // The case the rule is for: counted as they come, the eight best hold copies of one behaviour.
        #expect(Set(ranked.prefix(TuningSearch.eliteCount).map(\.score)).count < TuningSearch.eliteCount)

        let best = search.bestIndices(candidates, count: TuningSearch.eliteCount)
        #expect(best.count == TuningSearch.eliteCount)
        #expect(Set(best.map { candidates[$0].score }).count == best.count, "no two behave alike")
        for index in best {
            #expect(candidates.first { $0.score == candidates[index].score }?.index == index, "the first tried of its behaviour")
        }
        // And they are the best behaviours, best first.
        var distinct: [TuningCandidate] = []
        for candidate in ranked where !distinct.contains(where: { $0.score == candidate.score }) { distinct.append(candidate) }
        #expect(best == distinct.prefix(TuningSearch.eliteCount).map(\.index))
        // The best of all is the best of the distinct: the rule never changes which one wins.
        #expect(search.bestIndices(candidates, count: 1) == [ranked[0].index])
    }
}

extension DistinctBehaviourTests {
    @Test func theOutputSaysHowManyBehavioursTheCandidatesWere() async throws {
        let tuner = try Tuner(trace: dailyTrace(days: 4), scenario: webScenario, baseline: try awsBaseline(), budget: 256, seed: 1)
        let result = await tuner.search()
        let distinct = Set(result.candidates.map(\.score)).count
        #expect(result.behaviours == distinct)
        #expect(distinct < result.candidates.count, "this search tries copies (the case above)")
        let summary = TuningSummary(tuner: tuner, search: result, validation: nil, command: "headroom tune", outputPath: nil)
        #expect(summary.table().contains("searched:    256 of 256 candidates (\(distinct) different behaviours), seed 1"))
        #expect(summary.headerLines.contains("256 candidates simulated, \(distinct) different behaviours (budget 256, seed 1)."))
        #expect(summary.json().contains("\"behaviours\": \(distinct),"))
    }
}
