import CapacityCore
import Foundation
import Testing

/// The buffer's constant-time spread: within its stated error of the exact two-pass spread,
/// and never a different decision.
@Suite("Recent load: running estimate")
struct RecentLoadEstimateTests {
    /// A load that jumps, sits still, and has gaps, as real traces do.
    static func loads(seed: UInt64, count: Int) -> [(load: Double, second: Double)] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var loads: [(Double, Double)] = []
        var second = 0.0
        var level = 50.0
        for _ in 0..<count {
            let roll = next()
            if roll < 0.05 { level = next() * 500 }  // a flash crowd or a drop
            else if roll < 0.08 { second += 3_600 }  // a gap longer than the window
            let load = roll < 0.3 ? level : level * (0.5 + next())
            loads.append((load, second))
            // Several readings per bucket now and then, so the newest bucket's average changes.
            second += next() < 0.3 ? 20 : 60
        }
        return loads
    }

    @Test(arguments: [(60, 45), (60, 3), (300, 12), (60, 360)])
    func theEstimateIsWithinItsErrorOfTheExactSpread(bucketSeconds: Int, capacity: Int) throws {
        var window = RecentLoad(bucketSeconds: bucketSeconds, capacity: capacity)
        var largestMiss = 0.0
        for (load, second) in Self.loads(seed: UInt64(capacity), count: 20_000) {
            window.record(load, at: Date(timeIntervalSince1970: 1_700_000_000 + second))
            let exact = try #require(window.spread())
            let estimate = try #require(window.estimatedSpread())
            #expect(abs(estimate.mean - exact.mean) <= estimate.error)
            #expect(abs(estimate.deviation - exact.deviation) <= estimate.error)
            largestMiss = Swift.max(largestMiss, abs(estimate.deviation - exact.deviation) / Swift.max(estimate.error, 1e-300))
        }
        // The bound is wide but not vacuous: the estimate uses a small part of it.
        #expect(largestMiss < 0.5)
    }

    @Test func aConstantLoadHasNoDeviationAtAll() throws {
        var window = RecentLoad(bucketSeconds: 60, capacity: 45)
        for minute in 0..<500 { window.record(37.25, at: Date(timeIntervalSince1970: Double(minute) * 60)) }
        let estimate = try #require(window.estimatedSpread())
        #expect(estimate.mean == 37.25 && estimate.deviation == 0)
    }

    @Test func aDecodedWindowEstimatesFromItsBuckets() throws {
        var window = RecentLoad(bucketSeconds: 60, capacity: 10)
        for (load, second) in Self.loads(seed: 7, count: 137) {
            window.record(load, at: Date(timeIntervalSince1970: second))
        }
        let decoded = try JSONDecoder().decode(RecentLoad.self, from: JSONEncoder().encode(window))
        #expect(decoded == window)
        let exact = try #require(window.spread())
        let estimate = try #require(decoded.estimatedSpread())
        #expect(abs(estimate.mean - exact.mean) <= estimate.error && abs(estimate.deviation - exact.deviation) <= estimate.error)
    }

    /// Explained decisions use the exact spread; unexplained ones the estimate where it cannot
    /// matter. Every count must agree, including where the load sits on a unit boundary.
    @Test(arguments: [0.0, 0.75, 2.5])
    func decisionsAreTheSameWithTheExactSpread(deviations: Double) {
        let tracking = TargetTrackingPolicy(
            metrics: [utilization()],
            tolerance: 0, scaleIn: ScalingBehavior(stabilizationWindowSeconds: 30))
        let policy = CapacityPolicy(
            name: "buffer", bounds: CapacityBounds(min: 1, max: 1_000), strategy: .targetTracking(tracking),
            buffer: VolatilityBuffer(windowSeconds: 2_700, deviations: deviations))
        var fast = CapacityPlanner(policy: policy)
        var explained = CapacityPlanner(policy: policy)
        var current = 10
        for (index, (load, second)) in Self.loads(seed: 11, count: 5_000).enumerated() {
            // Every third reading puts the load exactly on a whole number of units.
            let units = index.isMultiple(of: 3) ? load.rounded() : load
            let percent = 60 * units / Double(current)
            let observation = Observation(
                time: Date(timeIntervalSince1970: second + 60), currentCapacity: current, readyUnits: current,
                readings: [.value(percent, at: Date(timeIntervalSince1970: second), periodSeconds: 60)])
            let a = fast.decide(observation, explain: false)
            let b = explained.decide(observation, explain: true)
            #expect(a.desired == b.desired, "step \(index)")
            current = Swift.max(1, b.desired)
        }
    }
}
