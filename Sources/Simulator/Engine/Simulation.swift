import CapacityCore
import PolicyFiles

/// One trace replayed under one scenario: the demand a perfect controller would supply and the
/// oracle's cost, ready to run any number of policies against (SIMULATION.md).
public struct Simulation: Sendable {
    public let trace: Trace
    public let scenario: SimulationScenario
    public let physics: SimulationPhysics
    /// d[t] for every step.
    public let demand: [Int]
    /// `Σ d[t] · pricePerUnitHour · Δ/3600`: the clairvoyant controller with free, instant boots.
    public let oracleCost: Double

    /// - Throws: ``SimulationError`` when the scenario is out of range, the trace is empty, or a
    ///   step needs an absurd number of units (a unit mismatch between trace and scenario).
    public init(trace: Trace, scenario: SimulationScenario) throws(SimulationError) {
        guard !trace.values.isEmpty else { throw .invalidTrace("'\(trace.name)' has no steps") }
        let physics = try SimulationPhysics(scenario: scenario, stepSeconds: trace.stepSeconds)
        var demand: [Int] = []
        demand.reserveCapacity(trace.count)
        var oracle = 0.0
        let perUnit = physics.capacityPerUnit * physics.sloUtilization
        for (step, load) in trace.values.enumerated() {
            guard load.isFinite, load >= 0 else { throw .invalidTrace("step \(step) has load \(load); load is finite and >= 0") }
            guard load / perUnit <= SimulationPhysics.maxDemandUnits else {
                throw .loadTooLarge(step: step, load: load, units: load / perUnit)
            }
            let units = physics.demand(load: load)
            demand.append(units)
            oracle += Double(units) * physics.unitStepPrice
        }
        self.trace = trace
        self.scenario = scenario
        self.physics = physics
        self.demand = demand
        self.oracleCost = oracle
    }

    /// Runs `policy` over the whole trace, driving it through ``CapacityPlanner`` as the daemon does.
    /// - Parameter recordTimeline: keep every step's counts (for timelines and reports).
    public func run(_ policy: CapacityPolicy, recordTimeline: Bool = false) -> PolicyRun {
        var engine = SimulationEngine(simulation: self, policy: policy, recordTimeline: recordTimeline)
        engine.advance(until: trace.count)
        return engine.result()
    }

    /// Replays a recorded desired column D[t] (a timeline's `desired`) through the physics and
    /// scores, without any policy: to re-score a run, or to measure the physics alone.
    /// - Parameters:
    ///   - desired: one count per step; a shorter column repeats its last value, an empty one is 0.
    ///   - upperBound: the bound a warm pool without `maxGroupPreparedCapacity` sizes against.
    public func replay(
        desired: [Int], name: String = "replay", warmPool: WarmPoolPolicy? = nil, upperBound: Int = Int(Int32.max),
        recordTimeline: Bool = false
    ) -> PolicyRun {
        var engine = SimulationEngine(
            simulation: self, decider: ReplayDecider(desired: desired, upperBound: upperBound), name: name, kind: .headroom,
            metricCount: 0, warmPool: warmPool, upperBound: upperBound, recordTimeline: recordTimeline)
        engine.advance(until: trace.count)
        return engine.result()
    }
}
