import Foundation

extension CapacityPlanner {
    /// Records this observation's load and returns the buffer's floor: the units needed at the
    /// target for the window's mean load plus `deviations` standard deviations.
    mutating func bufferFloor(_ buffer: VolatilityBuffer, _ observation: Observation) -> (units: Int, mean: Double, deviation: Double)? {
        if memory.recentLoad == nil || memory.recentLoad?.bucketSeconds != buffer.bucketSeconds
            || memory.recentLoad?.capacity != buffer.bucketCount
        {
            memory.recentLoad = RecentLoad(bucketSeconds: buffer.bucketSeconds, capacity: buffer.bucketCount)
        }
        if let (load, time) = observedLoad(observation) {
            memory.recentLoad?.record(load, at: time)
        }
        guard let (mean, deviation) = memory.recentLoad?.spread() else { return nil }
        let units = ReplicaCalculator.ceilUnits(mean + buffer.deviations * deviation)
        return (units, mean, deviation)
    }
}
