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

    @Test func scalingActionsOverAWindowAreThatWindowsCount() throws {
        // Launches from a warm pool and from cold, removals that return units to the pool, and
        // steps that ask for what is already in service (no action): D[t] ≠ N, N = ready + booting.
        let loads = [Double](repeating: 10, count: 14)
        let script = [2, 2, 5, 5, 3, 3, 3, 6, 6, 6, 1, 1, 4, 4]
        let pool = WarmPoolPolicy(minSize: 1, maxGroupPreparedCapacity: 4, reuseOnScaleIn: true)
        let scenario = handScenario(initialUnits: 2, bootSeconds: 120)
        let whole = try Simulation(trace: minuteTrace(loads), scenario: scenario)
        func run(_ simulation: Simulation) -> PolicyRun {
            var engine = SimulationEngine(
                simulation: simulation, decider: ScriptedDecider(script: script), name: "script", kind: .headroom, metricCount: 1,
                warmPool: pool, upperBound: 100, recordTimeline: true)
            engine.advance(until: loads.count)
            return engine.result()
        }
        let timeline = try #require(run(whole).timeline)
        #expect(timeline.scalingActions(in: 0..<14) == run(whole).scores.scalingActions)
        #expect(timeline.scalingActions(in: 0..<14) == 5, "to 5, to 3, to 6, to 1, to 4")
        for window in [0..<1, 2..<3, 3..<7, 7..<12, 10..<14, 13..<14] {
            #expect(timeline.scalingActions(in: window) == run(try whole.scored(window)).scores.scalingActions, "\(window)")
        }
        #expect(timeline.scalingActions(in: 14..<20) == 0, "past the timeline's end nothing is counted")
    }
}
