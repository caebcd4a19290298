import Foundation

extension CapacityPlanner {
    /// Records this observation's load and returns the buffer's floor: the units needed at the
    /// target for the window's mean load plus `deviations` standard deviations.
    /// - Parameter exact: return the window's exact mean and deviation (for reasons and the warm
    ///   pool); otherwise they may be the constant-time estimate, and only `units` is exact.
    mutating func bufferFloor(
        _ buffer: VolatilityBuffer, _ observation: Observation, exact: Bool
    ) -> (units: Int, mean: Double, deviation: Double)? {
        // Taken out of memory and moved back: read in place, the window was copied (and its
        // buffers retained) on every access.
        var recent = memory.recentLoad.take() ?? RecentLoad(bucketSeconds: buffer.bucketSeconds, capacity: buffer.bucketCount)
        if recent.bucketSeconds != buffer.bucketSeconds || recent.capacity != buffer.bucketCount {
            recent = RecentLoad(bucketSeconds: buffer.bucketSeconds, capacity: buffer.bucketCount)
        }
        if let (load, time) = observedLoad(observation) {
            recent.record(load, at: time)
        }
        let floor = Self.floor(of: recent, buffer, exact: exact)
        memory.recentLoad = consume recent
        return floor
    }

    private static func floor(
        of recent: borrowing RecentLoad, _ buffer: VolatilityBuffer, exact: Bool
    ) -> (units: Int, mean: Double, deviation: Double)? {
        if !exact, let estimate = recent.estimatedSpread() {
            let load = estimate.mean + buffer.deviations * estimate.deviation
            let margin = estimate.error * (1 + abs(buffer.deviations))
            // A unit count is a step function of the load: away from a step, the estimate's
            // error cannot change it, and the decision is the one the exact spread gives.
            let units = ReplicaCalculator.ceilUnits(load)
            if ReplicaCalculator.ceilUnits(load - margin) == units, ReplicaCalculator.ceilUnits(load + margin) == units {
                return (units, estimate.mean, estimate.deviation)
            }
        }
        guard let (mean, deviation) = recent.spread() else { return nil }
        let units = ReplicaCalculator.ceilUnits(mean + buffer.deviations * deviation)
        return (units, mean, deviation)
    }
}
