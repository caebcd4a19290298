import CapacityCore
import Simulator
import Testing

@testable import Tuning

/// Equally short candidates are told apart by how long they would have been short with 30 %
/// more load (`FittingMeter.surge`), before their cost.
@Suite struct SurgeTieBreakTests {
    static let trace = dailyTrace(days: 4)

    @Test func equallyShortCandidatesAreRankedBySurgeTimeBeforeCost() {
        let base = CandidateScore(underSeconds: 600, cost: 100, scalingActions: 10, surgeUnderSeconds: 9_000)
        let objective = TuningObjective(constraints: TuningConstraints(costMarginDeviations: 0), baseline: base)
        let lean = CandidateScore(underSeconds: 0, cost: 90, scalingActions: 10, surgeUnderSeconds: 6_000)
        let roomy = CandidateScore(underSeconds: 0, cost: 97, scalingActions: 10, surgeUnderSeconds: 1_200)
        let shorter = CandidateScore(underSeconds: 0, cost: 99, scalingActions: 10, surgeUnderSeconds: 1_200)
        #expect(objective.isBetter(roomy, than: lean), "as short, less time short under a surge, though dearer")
        #expect(objective.isBetter(roomy, than: shorter), "as short and as roomy: the cheaper")
        // Under-provisioned time still comes first, and the constraints before everything.
        let stillShort = CandidateScore(underSeconds: 60, cost: 80, scalingActions: 10, surgeUnderSeconds: 0)
        #expect(objective.isBetter(lean, than: stillShort))
        let tooDear = CandidateScore(underSeconds: 0, cost: 101, scalingActions: 10, surgeUnderSeconds: 0)
        #expect(objective.isBetter(lean, than: tooDear))
        // The baseline is kept over a candidate as short and cheaper but short longer under a surge.
        let leanerThanBase = CandidateScore(underSeconds: 600, cost: 95, scalingActions: 10, surgeUnderSeconds: 9_600)
        #expect(objective.keepsBaseline(over: leanerThanBase))
    }

    @Test func surgeTimeIsTheTimeShortOfTheRaisedLoadsDemand() throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 1, seed: 1)
        // Counted again apart from the meter: the demand a simulation of the raised load's fitting
        // part computes, against the units the policy had ready while it scaled to the real load.
        var raised = tuner.split.fittingTrace(of: Self.trace)
        raised.values = raised.values.map { $0 * (1 + FittingMeter.surge) }
        let raisedDemand = try Simulation(trace: raised, scenario: webScenario).demand
        var generator = SeededGenerator(seed: 7)
        for policy in [baseline, tuner.space.policy(tuner.space.sample(using: &generator), name: "sampled")] {
            let timeline = try #require(tuner.fitting.run(policy, recordTimeline: true).timeline)
            let steps = raisedDemand.indices.filter { Int(timeline.ready[$0]) < raisedDemand[$0] }.count
            let score = tuner.meter.score(policy)
            #expect(score.surgeUnderSeconds == Double(steps * Self.trace.stepSeconds))
            #expect(score.surgeUnderSeconds > score.underSeconds, "more load, more time short, on a trace that peaks daily")
        }
        // The objective's baseline carries it, so keeping the baseline weighs it too.
        #expect(tuner.objective.baseline.surgeUnderSeconds == tuner.meter.score(baseline).surgeUnderSeconds)
        // The meter's own replay of the baseline is what a fresh one gives.
        #expect(tuner.meter.baseline == tuner.meter.score(baseline))
    }

    @Test func aKeptBaselineSaysWhenTheSurgeDecided() async throws {
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        var result = await tuner.search()
        var best = try #require(result.candidates.first)
        let base = tuner.objective.baseline
        best.score = CandidateScore(
            underSeconds: base.underSeconds, cost: 0.9 * base.cost, scalingActions: base.scalingActions,
            surgeUnderSeconds: base.surgeUnderSeconds + 600)
        result.best = best
        result.keptBaseline = tuner.keptReason(over: best)
        #expect(result.keptBaseline == .noBetterCandidate, "equally short and no better with more load: the baseline stays")
        let summary = TuningSummary(tuner: tuner, search: result, validation: nil, command: "headroom tune", outputPath: nil)
        let text = try #require(summary.keptBaselineText)
        #expect(text.contains("at ×0.900 of its cost"))
        #expect(text.contains("; with 30 % more load it would have been short \(NumberText.duration(base.surgeUnderSeconds + 600)), the baseline \(NumberText.duration(base.surgeUnderSeconds))."), "\(text)")
        // A shorter baseline needs no such clause.
        best.score.underSeconds = base.underSeconds + 60
        result.best = best
        let shorter = try #require(TuningSummary(tuner: tuner, search: result, validation: nil, command: "headroom tune", outputPath: nil).keptBaselineText)
        #expect(!shorter.contains("more load"))
    }
}
