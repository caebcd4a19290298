extension TargetTrackingMetric {
    /// The load behind a reading, in units needed at the target: for an average metric
    /// (CPU %), the units that produced it times value over target; for a total metric
    /// (queue depth), value over target. The forecast and the buffer learn from this, live and
    /// from history alike.
    public func unitsNeeded(value: Double, measuredUnits: Double) -> Double {
        switch valueType {
        case .average: measuredUnits * value / targetValue
        case .total: value / targetValue
        }
    }
}
