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
    /// The steps every score counts (the whole trace unless narrowed by ``scored(_:)``). Steps
    /// before it are still replayed, so buffers, forecasts and cooldowns enter it with their history.
    public private(set) var scoredSteps: Range<Int>
    /// `Σ d[t] · pricePerUnitHour · Δ/3600` over ``scoredSteps``: the clairvoyant controller with
    /// free, instant boots.
    public private(set) var oracleCost: Double

    /// - Throws: ``SimulationError`` when the scenario is out of range, the trace is empty, or a
    ///   step needs an absurd number of units (a unit mismatch between trace and scenario).
    public init(trace: Trace, scenario: SimulationScenario) throws(SimulationError) {
        guard !trace.values.isEmpty else { throw .invalidTrace("'\(trace.name)' has no steps") }
        let physics = try SimulationPhysics(scenario: scenario, stepSeconds: trace.stepSeconds)
        var demand: [Int] = []
        demand.reserveCapacity(trace.count)
        let perUnit = physics.capacityPerUnit * physics.sloUtilization
        for (step, load) in trace.values.enumerated() {
            guard load.isFinite, load >= 0 else { throw .invalidTrace("step \(step) has load \(load); load is finite and >= 0") }
            guard load / perUnit <= SimulationPhysics.maxDemandUnits else {
                throw .loadTooLarge(step: step, load: load, units: load / perUnit)
            }
            demand.append(physics.demand(load: load))
        }
        self.trace = trace
        self.scenario = scenario
        self.physics = physics
        self.demand = demand
        self.scoredSteps = 0..<demand.count
        self.oracleCost = Self.oracleCost(demand, steps: scoredSteps, physics: physics)
    }

    /// This simulation with every score, the oracle's included, counting only `steps`.
    /// - Throws: ``SimulationError`` when `steps` is empty or reaches outside the trace.
    public func scored(_ steps: Range<Int>) throws(SimulationError) -> Simulation {
        guard !steps.isEmpty, steps.lowerBound >= 0, steps.upperBound <= trace.count else {
            throw .invalidScoreWindow(
                "steps \(steps.lowerBound)..<\(steps.upperBound) are not a non-empty part of the trace's \(trace.count) steps")
        }
        var copy = self
        copy.scoredSteps = steps
        copy.oracleCost = Self.oracleCost(demand, steps: steps, physics: physics)
        return copy
    }

    /// Whether scores count only part of the trace.
    public var isWindowed: Bool { scoredSteps != 0..<trace.count }

    private static func oracleCost(_ demand: [Int], steps: Range<Int>, physics: SimulationPhysics) -> Double {
        var oracle = 0.0
        for step in steps { oracle += Double(demand[step]) * physics.unitStepPrice }
        return oracle
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
