import CapacityCore
import Foundation
import PolicyFiles

@testable import Simulator

/// D[t] from a script, recording every observation: checks the physics without a policy.
struct ScriptedDecider: StepDecider {
    var script: [Int]
    var upperBound = 100
    /// The warm pool planned at each step (none: the policy's static settings apply).
    var plans: [WarmPoolPlan?] = []
    var observations: [Observation] = []

    mutating func decide(_ observation: Observation) -> StepChoice {
        let step = observations.count
        observations.append(observation)
        let plan = step < plans.count ? plans[step] : nil
        return StepChoice(desired: script[Swift.min(step, script.count - 1)], upperBound: upperBound, warmPool: plan)
    }
}

/// A scenario for hand-computed tests: Δ = 60 s steps cost exactly 1 per unit-step
/// (60 per unit-hour) and 0.1 per warm unit-step; no lag unless asked.
func handScenario(
    capacityPerUnit: Double = 10, slo: Double = 1, minUnits: Int = 1, initialUnits: Int? = nil,
    bootSeconds: Double = 60, warmStartSeconds: Double = 60, lagSeconds: Double = 0
) -> SimulationScenario {
    SimulationScenario(
        name: "hand", capacityPerUnit: capacityPerUnit, sloUtilization: slo, minUnits: minUnits, initialUnits: initialUnits,
        bootSeconds: bootSeconds, warmStartSeconds: warmStartSeconds, metricLagSeconds: lagSeconds,
        pricePerUnitHour: 60, warmPricePerUnitHour: 6)
}

/// A trace of one-minute steps starting at second 0.
func minuteTrace(_ values: [Double], name: String = "hand") -> Trace {
    Trace(name: name, timestampFormat: .seconds, startSeconds: 0, stepSeconds: 60, values: values)
}

/// Runs `script` as D[t] through the engine; returns the run and the observations it produced.
func runScript(
    _ values: [Double], _ scenario: SimulationScenario, script: [Int], warmPool: WarmPoolPolicy? = nil,
    metrics: Int = 1, upperBound: Int = 100, plans: [WarmPoolPlan?] = []
) throws -> (run: PolicyRun, observations: [Observation]) {
    let simulation = try Simulation(trace: minuteTrace(values), scenario: scenario)
    var engine = SimulationEngine(
        simulation: simulation, decider: ScriptedDecider(script: script, upperBound: upperBound, plans: plans), name: "script",
        kind: .headroom, metricCount: metrics, warmPool: warmPool, upperBound: upperBound, recordTimeline: true)
    engine.advance(until: values.count)
    return (engine.result(), engine.deciderForTesting.observations)
}

func ints(_ values: [Int32]) -> [Int] { values.map(Int.init) }

/// `a` and `b` equal to within floating-point noise of a few operations.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= tolerance * Swift.max(1, abs(a), abs(b))
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fresh empty directory under the system's temporary directory.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-sim-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
