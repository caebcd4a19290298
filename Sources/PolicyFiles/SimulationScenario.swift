/// The physics of a simulated service (shared/SIMULATION.md, "Scenario"): how much one unit
/// serves, how long units take to arrive, what they cost.
public struct SimulationScenario: Sendable, Hashable, Codable {
    public var name: String
    /// Load one ready unit serves at 100 % utilization, in the trace's unit (c).
    public var capacityPerUnit: Double
    /// Highest utilization at which the service still meets its latency objective (s), 0 < s ≤ 1.
    public var sloUtilization: Double = 0.8
    /// Units needed even at zero load.
    public var minUnits: Int = 1
    /// Ready units at t = 0; `nil` means the demand at t = 0.
    public var initialUnits: Int?
    public var bootSeconds: Double = 300
    public var warmStartSeconds: Double = 30
    public var metricLagSeconds: Double = 60
    public var pricePerUnitHour: Double = 1.0
    public var warmPricePerUnitHour: Double = 0.1

    public init(
        name: String,
        capacityPerUnit: Double,
        sloUtilization: Double = 0.8,
        minUnits: Int = 1,
        initialUnits: Int? = nil,
        bootSeconds: Double = 300,
        warmStartSeconds: Double = 30,
        metricLagSeconds: Double = 60,
        pricePerUnitHour: Double = 1.0,
        warmPricePerUnitHour: Double = 0.1
    ) {
        self.name = name
        self.capacityPerUnit = capacityPerUnit
        self.sloUtilization = sloUtilization
        self.minUnits = minUnits
        self.initialUnits = initialUnits
        self.bootSeconds = bootSeconds
        self.warmStartSeconds = warmStartSeconds
        self.metricLagSeconds = metricLagSeconds
        self.pricePerUnitHour = pricePerUnitHour
        self.warmPricePerUnitHour = warmPricePerUnitHour
    }
}
