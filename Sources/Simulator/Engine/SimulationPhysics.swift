import PolicyFiles

/// A scenario turned into steps of one trace: durations rounded up to whole steps and prices
/// per unit-step (SIMULATION.md, "Scenario").
public struct SimulationPhysics: Sendable, Hashable {
    /// c: load one ready unit serves at 100 % utilization.
    public let capacityPerUnit: Double
    /// s: the highest utilization that still meets the latency objective.
    public let sloUtilization: Double
    public let minUnits: Int
    /// Ready units at t = 0; `nil` is the demand at t = 0.
    public let initialUnits: Int?
    /// Δ in seconds.
    public let stepSeconds: Int
    /// `max(1, ceil(bootSeconds / Δ))`.
    public let bootSteps: Int
    /// `max(1, ceil(warmStartSeconds / Δ))`.
    public let warmSteps: Int
    /// `ceil(metricLagSeconds / Δ)`, possibly 0.
    public let lagSteps: Int
    /// What a running or booting unit costs per step: `pricePerUnitHour · Δ / 3600`.
    public let unitStepPrice: Double
    /// What a stopped warm-pool unit costs per step.
    public let warmUnitStepPrice: Double

    /// - Throws: ``SimulationError`` when a scenario field is out of its range.
    public init(scenario: SimulationScenario, stepSeconds: Int) throws(SimulationError) {
        guard stepSeconds > 0 else { throw .invalidTrace("the step must be at least 1 s, not \(stepSeconds)") }
        guard scenario.capacityPerUnit.isFinite, scenario.capacityPerUnit > 0 else {
            throw .invalidScenario("capacityPerUnit", "must be > 0, not \(scenario.capacityPerUnit)")
        }
        guard scenario.sloUtilization > 0, scenario.sloUtilization <= 1 else {
            throw .invalidScenario("sloUtilization", "must be in (0, 1], not \(scenario.sloUtilization)")
        }
        guard scenario.minUnits >= 0 else { throw .invalidScenario("minUnits", "must be >= 0, not \(scenario.minUnits)") }
        if let initial = scenario.initialUnits, initial < 0 {
            throw .invalidScenario("initialUnits", "must be >= 0, not \(initial)")
        }
        let durations = [
            ("bootSeconds", scenario.bootSeconds), ("warmStartSeconds", scenario.warmStartSeconds),
            ("metricLagSeconds", scenario.metricLagSeconds), ("pricePerUnitHour", scenario.pricePerUnitHour),
            ("warmPricePerUnitHour", scenario.warmPricePerUnitHour),
        ]
        for (field, value) in durations where !(value.isFinite && value >= 0) {
            throw .invalidScenario(field, "must be a finite number >= 0, not \(value)")
        }

        capacityPerUnit = scenario.capacityPerUnit
        sloUtilization = scenario.sloUtilization
        minUnits = scenario.minUnits
        initialUnits = scenario.initialUnits
        self.stepSeconds = stepSeconds
        bootSteps = Swift.max(1, Self.steps(scenario.bootSeconds, stepSeconds))
        warmSteps = Swift.max(1, Self.steps(scenario.warmStartSeconds, stepSeconds))
        lagSteps = Self.steps(scenario.metricLagSeconds, stepSeconds)
        unitStepPrice = scenario.pricePerUnitHour * Double(stepSeconds) / 3600
        warmUnitStepPrice = scenario.warmPricePerUnitHour * Double(stepSeconds) / 3600
    }

    /// The largest demand the simulator accepts: a step needing more is a unit mismatch between
    /// the trace and `capacityPerUnit`, not a service.
    public static let maxDemandUnits = 1e12

    /// d[t] = `max(minUnits, ceil(L / (c·s) − 1e-9))`.
    public func demand(load: Double) -> Int {
        Swift.max(minUnits, Self.ceilUnits(load / (capacityPerUnit * sloUtilization)))
    }

    /// u[t] = `L / (S·c)`: 0 without load, +inf with load and no ready unit.
    @inline(__always)
    public func utilization(load: Double, ready: Int) -> Double {
        if load == 0 { return 0 }
        if ready == 0 { return .infinity }
        return load / (Double(ready) * capacityPerUnit)
    }

    /// The cost of one step with these unit counts.
    @inline(__always)
    public func stepCost(ready: Int, booting: Int, warm: Int, preparing: Int) -> Double {
        Double(ready + booting + preparing) * unitStepPrice + Double(warm) * warmUnitStepPrice
    }

    /// `ceil(x − 1e-9)`, never negative; callers keep `x` below ``maxDemandUnits``.
    static func ceilUnits(_ x: Double) -> Int {
        Swift.max(0, Int((x - 1e-9).rounded(.up)))
    }

    /// A duration in whole steps, rounded up; durations beyond any trace are capped.
    private static func steps(_ seconds: Double, _ step: Int) -> Int {
        Int(Swift.min((seconds / Double(step)).rounded(.up), 1e15))
    }
}
