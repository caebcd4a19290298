import CapacityCore
import Foundation
import PolicyFiles
import Simulator
import Testing

@testable import Tuning

@Suite struct TunerTests {
    /// Four days of a daily cycle in five-minute steps: at least two to fit on (so daily seasons are searched).
    static let trace = dailyTrace(days: 4)

    @Test func theSearchNeverReadsTheValidationPart() async throws {
        let baseline = try awsBaseline()
        var changed = Self.trace
        let split = try TuningSplit(stepCount: changed.count, stepSeconds: 300, validateLast: .fraction(0.25))
        var generator = SeededGenerator(seed: 99)
        for step in split.validationSteps { changed.values[step] = 1000 * generator.unit() }

        let first = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, validateLast: .fraction(0.25), budget: 64, seed: 5)
        let second = try Tuner(trace: changed, scenario: webScenario, baseline: baseline, validateLast: .fraction(0.25), budget: 64, seed: 5)
        let a = await first.search()
        let b = await second.search()
        #expect(a.candidates.map(\.score) == b.candidates.map(\.score))
        let bestA = try #require(a.best), bestB = try #require(b.best)
        let textA = try TunedPolicyDocument.render(
            baselineYAML: awsBaselineYAML, baselinePath: "aws.yaml", tuned: first.policy(for: bestA), header: [], reference: Date())
        let textB = try TunedPolicyDocument.render(
            baselineYAML: awsBaselineYAML, baselinePath: "aws.yaml", tuned: second.policy(for: bestB), header: [], reference: Date())
        #expect(textA == textB)
        // The validation part did change, and validation sees it.
        let validationA = try await first.validate(bestA), validationB = try await second.validate(bestB)
        #expect(validationA.baselineValidation != validationB.baselineValidation)
    }

    @Test func aSeedMakesARunReproducible() async throws {
        let baseline = try awsBaseline()
        let one = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 48, seed: 3)
        let a = await one.search(), b = await one.search()
        #expect(a.candidates.map(\.genome) == b.candidates.map(\.genome))
        #expect(a.candidates.count == 48)
        let otherTuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 48, seed: 4)
        let other = await otherTuner.search()
        #expect(other.candidates.map(\.genome) != a.candidates.map(\.genome))
    }

    @Test func theChosenPolicyMeetsTheConstraintsAndIsTheBestThatDoes() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(
            trace: Self.trace, scenario: webScenario, baseline: baseline,
            constraints: TuningConstraints(maxCostRatio: 0.98, maxActionsRatio: 1.5), budget: 96, seed: 1)
        let result = await tuner.search()
        let best = try #require(result.best)
        let base = tuner.objective.baseline
        #expect(best.score.cost <= 0.98 * base.cost)
        #expect(Double(best.score.scalingActions) <= 1.5 * Double(base.scalingActions))
        // It meets them on each part of the fitting part too, and every better candidate on the
        // shortlist misses them on a part.
        let fit = tuner.split.fitSteps.count, parts = Tuner.checkedParts
        func meetsOnHalves(_ policy: CapacityPolicy) throws -> Bool {
            try (0..<parts).map { ($0 * fit / parts)..<(($0 + 1) * fit / parts) }.allSatisfy { half in
                let part = try tuner.fitting.scored(half)
                let objective = TuningObjective(constraints: tuner.objective.constraints, baseline: CandidateScore(part.run(baseline).scores))
                return objective.isFeasible(CandidateScore(part.run(policy).scores))
            }
        }
        #expect(try meetsOnHalves(tuner.policy(for: best)))
        let ranked = result.candidates.filter(\.feasible).sorted { a, b in
            tuner.objective.isBetter(a.score, than: b.score) || (!tuner.objective.isBetter(b.score, than: a.score) && a.index < b.index)
        }
        for candidate in ranked.prefix(while: { $0.index != best.index }) {
            #expect(try !meetsOnHalves(tuner.policy(for: candidate)))
        }
        // Its fitting scores are what simulating it on the fitting part gives.
        let validation = try await tuner.validate(best)
        var fitScore = CandidateScore(validation.chosenFit)
        fitScore.costRatioSpread = best.score.costRatioSpread
        fitScore.recentCostRatio = best.score.recentCostRatio
        fitScore.surgeUnderSeconds = best.score.surgeUnderSeconds
        #expect(fitScore == best.score)
        // The baseline's, as a fresh replay of the fitting part gives them (not the meter's own copy).
        #expect(validation.baselineFit == tuner.fitting.run(baseline).scores)
    }

    @Test("the baseline is kept unless a candidate is shorter, or as short and cheaper, on the fitting part")
    func theBaselineIsKeptUnlessBeaten() async throws {
        let base = CandidateScore(underSeconds: 540, cost: 27.9, scalingActions: 20)
        let objective = TuningObjective(constraints: TuningConstraints(costMarginDeviations: 1), baseline: base)
        // Issue 14's Azure Functions × CPU run: cheaper, but a minute longer short.
        #expect(objective.keepsBaseline(over: CandidateScore(underSeconds: 600, cost: 27.09, scalingActions: 34, costRatioSpread: 0.024)))
        #expect(objective.keepsBaseline(over: base), "a tie goes to the policy the user already runs")
        #expect(!objective.keepsBaseline(over: CandidateScore(underSeconds: 480, cost: 27.5, scalingActions: 30, costRatioSpread: 0.01)))
        #expect(!objective.keepsBaseline(over: CandidateScore(underSeconds: 540, cost: 27.0, scalingActions: 30)))

        // A search whose best loses to the baseline hands back the baseline's settings, tuned name.
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 16, seed: 1)
        var result = await tuner.search()
        let best = try #require(result.best)
        #expect(result.keepsBaseline == tuner.objective.keepsBaseline(over: best.score), "the search applies the rule")
        result.keptBaseline = .noBetterCandidate
        let kept = try #require(tuner.chosenPolicy(result))
        #expect(kept.name == tuner.tunedName && kept.kind == .headroom)
        #expect(kept.strategy == baseline.strategy && kept.bounds == baseline.bounds && kept.buffer == baseline.buffer)
        result.keptBaseline = nil
        #expect(tuner.chosenPolicy(result) == tuner.policy(for: best))
    }

    @Test func aFittingPartShorterThanTwoDaysIsWarnedAbout() throws {
        let baseline = try awsBaseline()
        // Four days, the last third kept: 64 hours to fit on.
        #expect(try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 1, seed: 1).shortFittingWarning == nil)
        // A quarter kept: 72 hours. Half: 48 hours, exactly two days.
        let half = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, validateLast: .fraction(0.5), budget: 1, seed: 1)
        #expect(half.shortFittingWarning == nil)
        let twoDays = dailyTrace(days: 2)
        let short = try Tuner(trace: twoDays, scenario: webScenario, baseline: baseline, budget: 1, seed: 1)
        let warning = try #require(short.shortFittingWarning)
        #expect(warning.hasPrefix("the fitting part holds \(NumberText.duration(Double(short.split.fitSteps.count * 300))), less than two days"))
    }

    @Test func validationScoresAreWhatAWindowedSimulationGives() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 40, seed: 2)
        let best = try #require(await tuner.search().best)
        let validation = try await tuner.validate(best)
        let windowed = try Simulation(trace: Self.trace, scenario: webScenario).scored(tuner.split.validationSteps)
        #expect(windowed.run(baseline).scores == validation.baselineValidation)
        #expect(windowed.run(validation.policy).scores == validation.chosenValidation)
        #expect(validation.report.scoredSteps == tuner.split.validationSteps)
    }

    @Test func cancellingKeepsWhatWasFound() async throws {
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: try awsBaseline(), budget: 100_000, seed: 1)
        let progress = TuningProgress(budget: tuner.budget)
        let task = Task { await tuner.search(progress: progress) }
        while await progress.evaluated < 64 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        let result = await task.value
        #expect(result.interrupted)
        #expect(result.candidates.count >= 64 && result.candidates.count < 100_000)
        #expect(result.candidates.enumerated().allSatisfy { $0.offset == $0.element.index })
    }

    @Test func aFixedBaselineIsRefused() throws {
        let fixed = try PolicyFileLoader.load(yaml: "Name: s\nKind: static\nMinCapacity: 1\nMaxCapacity: 9\nFixedCapacity: 5\n", path: "s.yaml")
        #expect {
            try Tuner(trace: Self.trace, scenario: webScenario, baseline: fixed, budget: 10, seed: 1)
        } throws: { error in
            "\(error)".contains("baseline: 's' holds a fixed count")
        }
    }

    @Test func aConstraintBelowWhatMinCapacityCostsIsImpossible() throws {
        var baseline = try awsBaseline()
        baseline.bounds = CapacityBounds(min: 30, max: 100)
        #expect {
            try Tuner(
                trace: Self.trace, scenario: webScenario, baseline: baseline, constraints: TuningConstraints(maxCostRatio: 0.2), budget: 10, seed: 1)
        } throws: { error in
            "\(error)".hasPrefix("impossible constraint:") && "\(error)".contains("MinCapacity 30 alone costs")
        }
        #expect(throws: TuningError.self) {
            try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, constraints: TuningConstraints(maxCostRatio: -1), budget: 10, seed: 1)
        }
    }

    @Test func whenNothingMeetsTheConstraintsThereIsNoBest() async throws {
        // No scaling action at all: every candidate that reacts breaks it.
        let tuner = try Tuner(
            trace: Self.trace, scenario: webScenario, baseline: try awsBaseline(),
            constraints: TuningConstraints(maxCostRatio: 1, maxActionsRatio: 0), budget: 40, seed: 1)
        let result = await tuner.search()
        #expect(result.best == nil)
        #expect(result.candidates.allSatisfy { !$0.feasible })
    }

    @Test func theParetoFrontKeepsOnlyUnbeatenPoints() {
        let scores = [
            CandidateScore(underSeconds: 100, cost: 10, scalingActions: 1),
            CandidateScore(underSeconds: 50, cost: 12, scalingActions: 1),
            CandidateScore(underSeconds: 60, cost: 13, scalingActions: 1),  // beaten by the second
            CandidateScore(underSeconds: 10, cost: 20, scalingActions: 1),
            CandidateScore(underSeconds: 100, cost: 11, scalingActions: 1),  // beaten by the first
        ]
        #expect(ParetoFront.indices(scores) == [0, 1, 3])
    }
    @Test func hindsightScoresEveryCandidateOnTheValidationPartAsValidationDoes() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 40, seed: 2)
        let result = await tuner.search()
        let seen = try #require(try await tuner.hindsight(result))
        #expect(seen.scores.count == result.candidates.count)
        // The chosen candidate and the baseline score there exactly as validation scores them.
        let best = try #require(result.best)
        let validation = try await tuner.validate(best)
        #expect(seen.scores[best.index] == CandidateScore(validation.chosenValidation))
        #expect(seen.baseline == CandidateScore(validation.baselineValidation))
        // Another candidate, checked by hand: replayed over the whole trace, scored on the last third.
        let other = result.candidates[7]
        let whole = try Simulation(trace: Self.trace, scenario: webScenario).scored(tuner.split.validationSteps)
        #expect(seen.scores[7] == CandidateScore(whole.run(tuner.policy(for: other)).scores))
        // The shortest within the constraints (no margin) is within them, and none within them is shorter.
        let limit = seen.baseline.cost, actions = 2 * Double(seen.baseline.scalingActions)
        let within = seen.scores.indices.filter { seen.scores[$0].cost <= limit * (1 + 1e-12) && Double(seen.scores[$0].scalingActions) <= actions }
        #expect(within.map(seen.meetsConstraints) == within.map { _ in true })
        if let shortest = seen.shortestWithinConstraints {
            #expect(within.contains(shortest))
            #expect(within.allSatisfy { seen.scores[$0].underSeconds >= seen.scores[shortest].underSeconds })
        } else {
            #expect(within.isEmpty)
        }
    }

    @Test func theSearchInHindsightLooksAtTheValidationPartAndScoresItThere() async throws {
        let baseline = try awsBaseline()
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 40, seed: 2)
        let result = await tuner.search()
        let seen = try #require(try await tuner.hindsight(result, searching: true))
        let search = try #require(seen.search)
        #expect(search.scores.count == 40, "the same budget")
        #expect(search.baseline == seen.baseline)
        // Its scores are validation-part scores: the same candidates, replayed over the whole
        // trace, scored on the last third (the space and seed are the fitting search's, so its
        // random first candidates are the fitting search's first candidates).
        let whole = try Simulation(trace: Self.trace, scenario: webScenario).scored(tuner.split.validationSteps)
        for index in [0, 5, 17] {
            #expect(search.scores[index] == CandidateScore(whole.run(tuner.policy(for: result.candidates[index])).scores))
        }
        // Unlike the fitting search, it reads the validation part: change it and its scores move.
        var changed = Self.trace
        for step in tuner.split.validationSteps { changed.values[step] *= 1.5 }
        let other = try Tuner(trace: changed, scenario: webScenario, baseline: baseline, budget: 40, seed: 2)
        let otherSeen = try #require(try await other.hindsight(await other.search(), searching: true))
        #expect(try #require(otherSeen.search).scores != search.scores)
        // Without `searching`, no second search.
        #expect(try #require(try await tuner.hindsight(result)).search == nil)
    }

    @Test func hindsightStopsWhenCancelled() async throws {
        let tuner = try Tuner(trace: Self.trace, scenario: webScenario, baseline: try awsBaseline(), budget: 40, seed: 2)
        let result = await tuner.search()
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await tuner.hindsight(result)
        }
        #expect(try await cancelled.value == nil, "a cancelled run gives nothing rather than part of the candidates")
    }

    @Test func aShortFitKeepsTheBaselineOverACandidateThatBeatIt() async throws {
        let baseline = try awsBaseline()
        // 2,000 one-second steps of a load that swings within minutes: quarters of 333 s.
        let seconds = Trace(name: "seconds", stepSeconds: 1, values: (0..<2000).map { 100 + 60 * sin(Double($0) / 90) })
        let kept = try Tuner(trace: seconds, scenario: webScenario, baseline: baseline, budget: 64, seed: 3)
        let allowed = try Tuner(
            trace: seconds, scenario: webScenario, baseline: baseline, constraints: TuningConstraints(allowsShortFit: true), budget: 64, seed: 3)
        let keptResult = await kept.search()
        let allowedResult = await allowed.search()
        // The same search: the flag changes what is written, not what is found.
        #expect(keptResult.best?.index == allowedResult.best?.index)
        #expect(keptResult.candidates.map(\.score) == allowedResult.candidates.map(\.score))
        let best = try #require(allowedResult.best)
        #expect(!allowed.objective.keepsBaseline(over: best.score), "this trace has a candidate that beats AWS on the fitting part")
        #expect(!allowedResult.keepsBaseline && !allowedResult.keptForShortFit)
        #expect(try #require(allowed.chosenPolicy(allowedResult)) == allowed.policy(for: best))
        #expect(keptResult.keepsBaseline && keptResult.keptForShortFit)
        var settings = try #require(kept.chosenPolicy(keptResult))
        settings.name = baseline.name
        settings.kind = baseline.kind
        #expect(settings == baseline)
    }

    @Test func aChoiceShortLongerOnAQuarterKeepsTheBaseline() async throws {
        let baseline = try awsBaseline()
        // An hour of requests a second (quarters of 10 minutes, so the short-fit rule is waived
        // to reach this one); the search's best beats AWS on the whole fitting part and loses
        // time to it on one quarter.
        let trace = poissonSecondsTrace(seed: 11)
        let limits = TuningConstraints(costMarginDeviations: 0, allowsShortFit: true)
        var uneven = limits
        uneven.allowsUnevenFit = true
        let kept = try Tuner(trace: trace, scenario: fleetScenario, baseline: baseline, constraints: limits, budget: 16, seed: 1)
        let allowed = try Tuner(trace: trace, scenario: fleetScenario, baseline: baseline, constraints: uneven, budget: 16, seed: 1)
        let keptResult = await kept.search()
        let allowedResult = await allowed.search()
        // The same search and choice: the check changes what is written, not what is found.
        #expect(keptResult.candidates.map(\.score) == allowedResult.candidates.map(\.score))
        let best = try #require(allowedResult.best)
        #expect(keptResult.best?.index == best.index)
        #expect(best.score.underSeconds < allowed.objective.baseline.underSeconds, "it beat AWS on the whole fitting part")
        #expect(!allowedResult.keepsBaseline && allowedResult.keptForQuarterLoss == nil)
        #expect(try #require(allowed.chosenPolicy(allowedResult)) == allowed.policy(for: best))

        let loss = try #require(keptResult.keptForQuarterLoss)
        #expect(keptResult.keepsBaseline && !keptResult.keptForShortFit)
        #expect(loss == kept.quarterTimeLoss(of: best))
        #expect(loss.steps == kept.meter.stretches[loss.ordinal - 1])
        #expect(loss.chosenUnderSeconds > loss.baselineUnderSeconds)
        var settings = try #require(kept.chosenPolicy(keptResult))
        settings.name = baseline.name
        settings.kind = baseline.kind
        #expect(settings == baseline)

        // The quarters partition the fitting part: each policy's times on them add up to its
        // time on the whole part, and the loss named is the largest of the chosen policy's.
        let chosen = kept.policy(for: best)
        let quarters = try kept.meter.stretches.map { quarter in
            let part = try kept.fitting.scored(quarter)
            return (part.run(chosen).scores.underProvisionedSeconds, part.run(baseline).scores.underProvisionedSeconds)
        }
        #expect(quarters.map(\.0).reduce(0, +) == best.score.underSeconds)
        #expect(quarters.map(\.1).reduce(0, +) == kept.baselineFit.underProvisionedSeconds)
        #expect(quarters.map(\.1) == kept.meter.baselineShortSeconds, "the meter's one replay counts each quarter as a run scored on it does")
        #expect(quarters[loss.ordinal - 1] == (loss.chosenUnderSeconds, loss.baselineUnderSeconds))
        #expect(quarters.allSatisfy { $0.0 - $0.1 <= loss.chosenUnderSeconds - loss.baselineUnderSeconds })

        // Every score of a quarter, not only its time, comes out of the meter's one replay as a
        // run scored on that quarter alone gives it: the choice among candidates reads them too.
        let replayed = kept.meter.stretchScores(kept.fitting.run(chosen, recordTimeline: true))
        for (index, quarter) in kept.meter.stretches.enumerated() {
            let part = try kept.fitting.scored(quarter)
            #expect(replayed[index] == CandidateScore(part.run(chosen).scores), "quarter \(index + 1)")
            #expect(kept.meter.baselineStretchScores[index] == CandidateScore(part.run(baseline).scores), "quarter \(index + 1)")
        }
        #expect(replayed.map(\.scalingActions).reduce(0, +) == best.score.scalingActions)
        #expect(replayed.contains { $0.scalingActions > 0 }, "a run with scaling actions to count")
    }

    @Test func aChoiceNoShorterOnEveryQuarterIsWritten() async throws {
        // The seconds trace whose best beats AWS on the fitting part (aShortFitKeeps… above):
        // no quarter where it was short longer, so the check lets it through.
        let baseline = try awsBaseline()
        let seconds = Trace(name: "seconds", stepSeconds: 1, values: (0..<2000).map { 100 + 60 * sin(Double($0) / 90) })
        let tuner = try Tuner(
            trace: seconds, scenario: webScenario, baseline: baseline, constraints: TuningConstraints(allowsShortFit: true), budget: 64, seed: 3)
        let result = await tuner.search()
        let best = try #require(result.best)
        #expect(!result.keepsBaseline && result.keptForQuarterLoss == nil)
        #expect(tuner.quarterTimeLoss(of: best) == nil)
        for quarter in tuner.meter.stretches {
            let part = try tuner.fitting.scored(quarter)
            #expect(part.run(tuner.policy(for: best)).scores.underProvisionedSeconds <= part.run(baseline).scores.underProvisionedSeconds)
        }
    }

    @Test func quartersShorterThanTheBaselinesSlowestReactionAreSaid() throws {
        let baseline = try awsBaseline()
        // AWS's scale-in: 15 one-minute datapoints, then a 300 s cooldown; the web scenario boots in 90 s.
        let long = try Tuner(trace: Self.trace, scenario: webScenario, baseline: baseline, budget: 1, seed: 1)
        #expect(long.slowestReactionSeconds == 15 * 60 + 300)
        #expect(long.shortStretchWarning == nil, "quarters of 18 hours")
        // 2,000 one-second steps: a fitting part of 1,333 s, quarters of 333 s.
        let seconds = Trace(name: "seconds", stepSeconds: 1, values: (0..<2000).map { 100 + 50 * sin(Double($0) / 60) })
        let short = try Tuner(trace: seconds, scenario: webScenario, baseline: baseline, budget: 1, seed: 1)
        let warning = try #require(short.shortStretchWarning)
        #expect(warning.hasPrefix("each quarter of the fitting part is 5m 33s, shorter than the baseline's slowest reaction (20m 00s"))
        #expect(warning.contains("so the tuned policy keeps the baseline's settings (--allow-short-fit writes the search's choice anyway)"))
        #expect(warning.hasSuffix("at least 1h 20m can be tuned."))
        #expect(short.keepsBaselineOnShortFit && !long.keepsBaselineOnShortFit)
        let allowed = try Tuner(
            trace: seconds, scenario: webScenario, baseline: baseline, constraints: TuningConstraints(allowsShortFit: true), budget: 1, seed: 1)
        #expect(!allowed.keepsBaselineOnShortFit)
        #expect(try #require(allowed.shortStretchWarning).contains("(--allow-short-fit: the search's choice is written anyway)"))
        // A boot longer than the scale-in is the slowest reaction.
        var slowBoot = webScenario
        slowBoot.bootSeconds = 3600
        #expect(try Tuner(trace: Self.trace, scenario: slowBoot, baseline: baseline, budget: 1, seed: 1).slowestReactionSeconds == 3600)
    }
}
