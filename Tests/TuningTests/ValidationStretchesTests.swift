import CapacityCore
import Simulator
import Testing

@testable import Tuning

/// The validation part day by day: each stretch's scores are the simulator's on that window, and
/// the sentence counts them right.
@Suite struct ValidationStretchesTests {
    @Test func daysFromTheStartALastShortDayJoinsTheOneBeforeAndShortPartsAreQuarters() {
        let day = 288  // five-minute steps
        let (nine, days) = ValidationStretches.cut(1000..<(1000 + 9 * day), stepSeconds: 300)
        #expect(nine == .day && days.count == 9 && days.allSatisfy { $0.count == day })
        #expect(days.first?.lowerBound == 1000 && days.last?.upperBound == 1000 + 9 * day)
        // A third of a day left over joins the ninth; two thirds make a tenth.
        let (_, joined) = ValidationStretches.cut(0..<(9 * day + 96), stepSeconds: 300)
        #expect(joined.count == 9 && joined.last == (8 * day)..<(9 * day + 96))
        let (_, apart) = ValidationStretches.cut(0..<(9 * day + 192), stepSeconds: 300)
        #expect(apart.count == 10 && apart.last == (9 * day)..<(9 * day + 192))
        // Under two days: quarters, covering the part without a gap.
        let (short, quarters) = ValidationStretches.cut(50..<(50 + 2 * day - 1), stepSeconds: 300)
        #expect(short == .quarter && quarters.count == 4)
        #expect(quarters.first?.lowerBound == 50 && quarters.last?.upperBound == 50 + 2 * day - 1)
        #expect(zip(quarters, quarters.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        // One-second steps: a one-hour part is quarters of a quarter-hour.
        let (seconds, hour) = ValidationStretches.cut(0..<3600, stepSeconds: 1)
        #expect(seconds == .quarter && hour.map(\.count) == [900, 900, 900, 900])
    }

    @Test func eachStretchScoresAsTheSimulatorScoresThatWindowAndTheyAddUpToThePart() async throws {
        let tuner = try Tuner(trace: dailyTrace(days: 9), scenario: webScenario, baseline: try awsBaseline(), budget: 48, seed: 2)
        let result = await tuner.search()
        let validation = try await tuner.validate(try #require(result.best))
        let stretches = validation.stretches
        #expect(stretches.length == .day && stretches.stretches.count == 3)
        #expect(stretches.stretches.first?.steps.lowerBound == tuner.split.validationSteps.lowerBound)
        #expect(stretches.stretches.last?.steps.upperBound == tuner.split.validationSteps.upperBound)
        let whole = try tuner.validationSimulation()
        for stretch in stretches.stretches {
            let window = try whole.scored(stretch.steps)
            for (policy, score) in [(validation.policy, stretch.tuned), (tuner.baseline, stretch.baseline)] {
                let simulated = window.run(policy).scores
                #expect(score.underSeconds == simulated.underProvisionedSeconds, "\(policy.name) \(stretch.steps)")
                #expect(abs(score.cost - simulated.cost) <= 1e-9 * simulated.cost, "\(policy.name) \(stretch.steps)")
            }
        }
        let under = stretches.stretches.reduce(0) { $0 + $1.tuned.underSeconds }
        let cost = stretches.stretches.reduce(0) { $0 + $1.baseline.cost }
        #expect(under == validation.chosenValidation.underProvisionedSeconds)
        #expect(abs(cost - validation.baselineValidation.cost) <= 1e-9 * cost)
    }

    @Test func theSentenceCountsEachWay() {
        func stretch(_ tunedUnder: Double, _ baseUnder: Double, _ tunedCost: Double) -> ValidationStretches.Stretch {
            .init(steps: 0..<1, tuned: .init(underSeconds: tunedUnder, cost: tunedCost), baseline: .init(underSeconds: baseUnder, cost: 10))
        }
        let mixed = ValidationStretches(length: .day, stretches: [stretch(60, 120, 9), stretch(0, 0, 11), stretch(300, 120, 10.5)])
        #expect(mixed.shorter == 1 && mixed.asShort == 1 && mixed.longer == 1 && mixed.dearer.count == 2)
        #expect(mixed.text == "short for less time than the baseline on 1 of 3 days, as long on 1, longer on 1; dearer on 2 (at most ×1.100)")
        let one = ValidationStretches(length: .quarter, stretches: [stretch(0, 60, 10)])
        #expect(one.text == "short for less time than the baseline on 1 of 1 quarter, as long on 0, longer on 0; no dearer on any")
    }
}
