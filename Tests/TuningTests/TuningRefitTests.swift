import CapacityCore
import Foundation
import PolicyFiles
import Simulator
import Testing

@testable import Tuning

/// `tune --refit`: after validation, the same search on the whole trace.
@Suite struct TuningRefitTests {
    static let trace = dailyTrace(days: 4)

    /// The refit of a trace is the search a run would make that fitted on exactly that trace: the
    /// same trace with a later tail it validates on, and the tail never read.
    @Test func theRefitIsTheSameSearchFittedOnTheWholeTrace() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, validateLast: .fraction(0.25), budget: 48, seed: 5)
        let refit = try await tuner.refit()
        #expect(refit.tuner.split.fitSteps == 0..<Self.trace.count)
        #expect(refit.tuner.split.validationSteps.isEmpty)

        var longer = Self.trace
        let tailSteps = 200
        longer.values += (0..<tailSteps).map { Double($0 % 7) * 40 }
        let fittedOnTheTrace = try Tuner(
            trace: longer, scenario: webScenario, baseline: baseline, validateLast: .seconds(tailSteps * longer.stepSeconds), budget: 48, seed: 5)
        #expect(fittedOnTheTrace.split.fitSteps == 0..<Self.trace.count)
        let direct = await fittedOnTheTrace.search()
        #expect(refit.search.candidates.map(\.genome) == direct.candidates.map(\.genome))
        #expect(refit.search.candidates.map(\.score) == direct.candidates.map(\.score))
        #expect(refit.search.best?.index == direct.best?.index)
        #expect(refit.policy == fittedOnTheTrace.chosenPolicy(direct))
    }

    /// Unlike the validated search, the refit reads the last part: change it and the refit's
    /// scores change, while the validated search's do not.
    @Test func theRefitReadsTheValidationPartAndTheValidatedSearchStillDoesNot() async throws {
        let baseline = try awsBaseline()
        var changed = Self.trace
        let split = try TuningSplit(stepCount: changed.count, stepSeconds: 300, validateLast: .fraction(0.25))
        for step in split.validationSteps { changed.values[step] *= 2.5 }
        let first = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, validateLast: .fraction(0.25), budget: 32, seed: 2)
        let second = try Tuner(trace: changed, scenario: webScenario, baseline: baseline, validateLast: .fraction(0.25), budget: 32, seed: 2)
        let (a, b) = (await first.search(), await second.search())
        #expect(a.candidates.map(\.score) == b.candidates.map(\.score))
        let (refitA, refitB) = (try await first.refit(), try await second.refit())
        #expect(refitA.baselineScores != refitB.baselineScores)
        #expect(refitA.search.candidates.map(\.score) != refitB.search.candidates.map(\.score))
    }

    /// What the refit reports is what the written policy and the baseline do on the whole trace.
    @Test func theRefitScoresAreTheWrittenPolicysOnTheWholeTrace() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 48, seed: 7)
        let refit = try await tuner.refit()
        let policy = try #require(refit.policy)
        #expect(policy.name == tuner.tunedName)
        let whole = try Simulation(trace: Self.trace, scenario: webScenario)
        #expect(refit.scores == whole.run(policy).scores)
        #expect(refit.baselineScores == whole.run(baseline).scores)
        let best = try #require(refit.search.best)
        #expect(best.feasible)
    }

    /// A refit that found nothing within the constraints: the table, header and report say so
    /// beside the validation, which still stands.
    @Test func aRefitThatFoundNothingIsSaidBesideTheValidation() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 32, seed: 4)
        let result = await tuner.search()
        let validation = try await tuner.validate(try #require(result.best))
        let found = try await tuner.refit()
        var empty = found.search
        empty.best = nil
        let nothing = TuningRefit(tuner: found.tuner, search: empty, policy: nil, scores: nil)
        var summary = TuningSummary(tuner: tuner, search: result, validation: validation, command: "headroom tune", outputPath: nil)
        summary.refit = nothing
        let table = summary.table()
        #expect(table.contains("validation aws-tuned"))
        #expect(table.contains("No candidate met the constraints on the whole trace; no policy was written."))
        #expect(!table.contains("whole      aws-tuned"))
        #expect(summary.json().contains("\"refit\": {\"fit\": {\"from\": "))
        #expect(summary.json().contains("\"scores\": null}"))
        let html = TuningReport.render(tuner, result, validation, command: "headroom tune", refit: nothing)
        #expect(html.contains("<h2>Chosen against baseline</h2>") && html.contains("<h2>Refitted on the whole trace</h2>"))
        #expect(html.contains("No candidate met the constraints on the whole trace; no policy was written."))
        #expect(!html.contains("Nothing to validate"))
    }

    /// When the validated search kept the baseline, the output says the refit is what was written.
    @Test func aKeptBaselineIsTheValidatedOnesWhenThereIsARefit() async throws {
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: try awsBaseline(), budget: 32, seed: 4)
        var result = await tuner.search()
        result.keptBaseline = .noBetterCandidate
        let validation = try await tuner.validate(policy: try #require(tuner.chosenPolicy(result)))
        var summary = TuningSummary(tuner: tuner, search: result, validation: validation, command: "headroom tune", outputPath: nil)
        #expect(summary.keptBaselineText?.hasSuffix("The tuned policy keeps the baseline's settings.") == true)
        let refit = try await tuner.refit()
        summary.refit = refit
        #expect(summary.keptBaselineText?.hasSuffix("The policy validated keeps the baseline's settings; the refit below is what was written.") == true)
        let html = TuningReport.render(tuner, result, validation, command: "headroom tune", refit: refit)
        #expect(html.contains("<h2>The validated search kept the baseline</h2>") && html.contains("the refit below is what was written"))
    }

    /// Cancelled, the refit chooses among what it simulated, and says it was interrupted.
    @Test func aCancelledRefitChoosesAmongWhatItSimulated() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 100_000, seed: 1)
        let task = Task { try await tuner.refit() }
        task.cancel()
        let refit = try await task.value
        #expect(refit.search.interrupted)
        #expect(refit.search.candidates.count < 100_000)
        if let best = refit.search.best { #expect(refit.search.candidates.contains { $0.index == best.index }) }
    }
}
