import CapacityCore
import Testing

@testable import Simulator

/// A timeline's window sums are the scores a run scored on that window gives.
@Suite struct TimelineWindowTests {
    @Test func stepsShortAndCostOverAWindowAreThatWindowsScores() throws {
        // Load that jumps faster than a one-step boot and AWS's three-datapoint alarm follow, so
        // some steps are short and the count changes inside each window.
        let loads: [Double] = (0..<120).map { step in step % 30 < 10 ? 2 : (step % 30 < 20 ? 9 : 4) }
        let simulation = try Simulation(trace: minuteTrace(loads), scenario: handScenario(capacityPerUnit: 1, initialUnits: 2))
        let policy = BaselinePolicies.awsTargetTracking(targetPercent: 50)
        let timeline = try #require(simulation.run(policy, recordTimeline: true).timeline)
        var anyShort = false
        for window in [0..<120, 0..<1, 10..<40, 55..<120, 119..<120] {
            let scores = try simulation.scored(window).run(policy).scores
            let short = timeline.stepsShort(of: simulation.demand, in: window)
            anyShort = anyShort || short > 0
            #expect(Double(short * 60) == scores.underProvisionedSeconds, "\(window)")
            #expect(abs(timeline.cost(in: window, physics: simulation.physics) - scores.cost) <= 1e-9 * max(1, scores.cost), "\(window)")
        }
        #expect(anyShort, "the case the count is for")
        // Past the timeline's end nothing is counted.
        #expect(timeline.stepsShort(of: simulation.demand + [1_000], in: 120..<121) == 0)
        #expect(timeline.cost(in: 120..<121, physics: simulation.physics) == 0)
    }
}
