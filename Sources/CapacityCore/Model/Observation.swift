import Foundation

/// What the world looks like to a planner at one instant: the only input a decision has
/// besides its policy and its own memory.
public struct Observation: Sendable, Hashable {
    /// The instant the decision is for. The planner never reads a clock.
    public var time: Date
    /// The unit count in force now (ready plus launching): AWS's desired count.
    public var currentCapacity: Int
    /// Units serving traffic, over which average metrics were measured.
    public var readyUnits: Int
    /// Of the ready units, those still inside their instance warm-up.
    public var warmingUnits: Int
    /// One reading per policy metric, in the policy's metric order.
    public var readings: [MetricReading]
    /// Bounds set outside the policy (the AWS scalable target's min and max); the stricter wins.
    public var externalBounds: CapacityBounds?

    public init(
        time: Date,
        currentCapacity: Int,
        readyUnits: Int,
        warmingUnits: Int = 0,
        readings: [MetricReading],
        externalBounds: CapacityBounds? = nil
    ) {
        self.time = time
        self.currentCapacity = currentCapacity
        self.readyUnits = readyUnits
        self.warmingUnits = warmingUnits
        self.readings = readings
        self.externalBounds = externalBounds
    }
}
