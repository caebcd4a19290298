import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// The baselines, driven through the planner by the engine, against hand-worked examples.
/// Scenario: c = 1, s = 1, no lag, boot 60 s (1 step), Δ = 60 s, so the policy sees
/// u = 100 · L / S in percent of the step itself.
@Suite struct BaselineTests {
    private func run(_ policy: CapacityPolicy, loads: [Double], initial: Int) throws -> [Int] {
        let scenario = handScenario(capacityPerUnit: 1, initialUnits: initial)
        let simulation = try Simulation(trace: minuteTrace(loads), scenario: scenario)
        return ints(try #require(simulation.run(policy, recordTimeline: true).timeline).desired)
    }

    @Test func awsScalesOutAfterThreeMinutesAboveTarget() throws {
        // Target 50 %, 4 units. L = 2 (50 %: not above) for t0–t4, then L = 3 (75 %).
        // Datapoints above target at t5, t6, t7: the 3-of-3 alarm fires at t7 and scales to
        // ceil(4 × 75 / 50) = 6. At t8 the 6 units are ready: 3/6 = 50 %, no further change.
        let policy = BaselinePolicies.awsTargetTracking(targetPercent: 50)
        let desired = try run(policy, loads: [2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3], initial: 4)
        #expect(desired == [4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6])
    }

    @Test func awsScalesInAfterFifteenMinutesBelowNinetyPercentAndHonoursTheCooldown() throws {
        // Target 50 %, scale-in threshold 0.9 × 50 = 45 %. 4 units at L = 1.2 → 30 % from t0.
        // The 15-of-15 alarm fires at t14: ceil(4 × 30 / 50) = ceil(2.4) = 3.
        // From t15 L = 0.6: 0.6/3 = 20 % → ceil(3 × 20 / 50) = 2, but the 300 s scale-in cooldown
        // since t14 (840 s) holds until 1140 s = t19.
        let policy = BaselinePolicies.awsTargetTracking(targetPercent: 50)
        let loads = Array(repeating: 1.2, count: 15) + Array(repeating: 0.6, count: 7)
        let desired = try run(policy, loads: loads, initial: 4)
        #expect(Array(desired[0..<14]) == Array(repeating: 4, count: 14))
        #expect(Array(desired[14...]) == [3, 3, 3, 3, 3, 2, 2, 2])
    }

    @Test func awsDoesNotScaleInJustBelowTarget() throws {
        // 46 % is below the target but not below 0.9 × 50 = 45 %: no scale-in, ever.
        // 4 units at L = 1.84 → 46 %.
        let policy = BaselinePolicies.awsTargetTracking(targetPercent: 50)
        let desired = try run(policy, loads: Array(repeating: 1.84, count: 30), initial: 4)
        #expect(desired == Array(repeating: 4, count: 30))
    }

    @Test func hpaIgnoresChangesWithinTheTolerance() throws {
        // Target 50 %, tolerance 10 %, 4 units. L = 2.125 → 53.125 %: ratio 1.0625, within.
        // From t5 L = 2.25 → 56.25 %: ratio 1.125, outside → ceil(4 × 1.125) = ceil(4.5) = 5.
        let policy = BaselinePolicies.kubernetesHPA(targetPercent: 50)
        let desired = try run(policy, loads: [2.125, 2.125, 2.125, 2.125, 2.125, 2.25, 2.25], initial: 4)
        #expect(desired == [4, 4, 4, 4, 4, 5, 5])
    }

    @Test func hpaScaleUpIsLimitedToFourUnitsOrDoubling() throws {
        // Target 50 %, 2 units, then L = 10. The metric asks for 20 every time, but each 15 s
        // period allows max(start + 4, 2 × start) from the count at the period's start:
        // t0: 2 units at 500 % → max(6, 4) = 6.  t1: 6 ready, 166.7 % → max(10, 12) = 12.
        // t2: 12 ready, 83.3 % → max(16, 24) = 24 ≥ 20 → 20.
        let policy = BaselinePolicies.kubernetesHPA(targetPercent: 50)
        let desired = try run(policy, loads: [10, 10, 10, 10], initial: 2)
        #expect(desired == [6, 12, 20, 20])
    }

    @Test func hpaScaleDownWaitsForTheStabilizationWindow() throws {
        // Target 50 %, 10 units. L = 5 (50 %, recommendation 10) for t0–t4 (the last at 240 s),
        // then L = 3 (30 %, recommendation ceil(10 × 0.6) = 6). The 300 s window keeps the highest
        // recommendation of the last 300 s: 10 until 240 + 300 = 540 s, i.e. t9.
        let policy = BaselinePolicies.kubernetesHPA(targetPercent: 50)
        let loads: [Double] = [5, 5, 5, 5, 5] + Array(repeating: 3, count: 7)
        let desired = try run(policy, loads: loads, initial: 10)
        #expect(desired == [10, 10, 10, 10, 10, 10, 10, 10, 10, 6, 6, 6])
    }

    @Test func hpaEvaluatesEveryFifteenSeconds() throws {
        // With one-second steps the HPA decides at 0 s, 15 s, 30 s…; between, the count holds.
        // 2 units at L = 2 → 100 % of target 50: the evaluation at 0 s doubles to 4 (ready at 1 s).
        // From 5 s, L = 4 → 100 % again on 4 units, but the next evaluation is at 15 s: then 8.
        let loads: [Double] = Array(repeating: 2, count: 5) + Array(repeating: 4, count: 15)
        let trace = Trace(name: "seconds", stepSeconds: 1, values: loads)
        let scenario = SimulationScenario(
            name: "s", capacityPerUnit: 1, sloUtilization: 1, initialUnits: 2, bootSeconds: 1, metricLagSeconds: 0)
        let simulation = try Simulation(trace: trace, scenario: scenario)
        let run = simulation.run(BaselinePolicies.kubernetesHPA(targetPercent: 50), recordTimeline: true)
        let desired = ints(try #require(run.timeline).desired)
        #expect(Array(desired[0..<15]) == Array(repeating: 4, count: 15))
        #expect(Array(desired[15...]) == Array(repeating: 8, count: 5))
    }

    @Test func staticHoldsItsCountWhateverTheLoad() throws {
        let desired = try run(BaselinePolicies.fixed(units: 7), loads: [0, 100, 3, 50], initial: 1)
        #expect(desired == [7, 7, 7, 7])
    }

    @Test func headroomScalesOutOnTheFirstReading() throws {
        // Target 60 %, tolerance 5 %. 4 units at L = 3.6 → 90 %: ceil(4 × 90/60) = 6 at once.
        let desired = try run(BaselinePolicies.headroom(targetPercent: 60), loads: [3.6, 3.6, 3.6], initial: 4)
        #expect(desired == [6, 6, 6])
    }
}
