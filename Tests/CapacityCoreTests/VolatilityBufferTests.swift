import CapacityCore
import Foundation
import Testing

@Suite("Volatility buffer")
struct VolatilityBufferTests {
    @Test func spreadIsTheMeanAndPopulationDeviationOfBucketAverages() throws {
        var window = RecentLoad(bucketSeconds: 60, capacity: 10)
        // Two readings in the first minute average to 4; then 6, 8, 6: mean 6, deviation √2.
        window.record(3, at: at(0))
        window.record(5, at: at(30))
        window.record(6, at: at(60))
        window.record(8, at: at(120))
        window.record(6, at: at(180))
        let (mean, deviation) = try #require(window.spread())
        #expect(abs(mean - 6) < 1e-12)
        #expect(abs(deviation - 2.0.squareRoot()) < 1e-12)
    }

    @Test func oldBucketsLeaveTheWindowAndBadValuesNeverEnter() throws {
        var window = RecentLoad(bucketSeconds: 60, capacity: 3)
        for (minute, value) in [100.0, 1, 2, 3].enumerated() { window.record(value, at: at(Double(minute) * 60)) }
        window.record(.nan, at: at(240))
        window.record(-5, at: at(240))
        window.record(.infinity, at: at(240))
        // Only minutes 1 to 3 remain: mean 2. A reading older than the newest bucket is ignored.
        window.record(1000, at: at(0))
        #expect(window.count == 3)
        let kept = try #require(window.spread())
        #expect(kept.mean == 2)
        // A gap longer than the window leaves only the new reading.
        window.record(7, at: at(3600))
        #expect(window.count == 1)
        let single = try #require(window.spread())
        #expect(single.mean == 7 && single.deviation == 0)
    }

    func planner(deviations: Double, max: Int = 100, warmPool: WarmPoolPolicy? = nil, warmPoolDeviations: Double = 0) -> CapacityPlanner {
        // Reactive layer that can never scale in, so what holds units up is visible.
        let tracking = TargetTrackingPolicy(metrics: [utilization()], scaleIn: ScalingBehavior(selectPolicy: .disabled))
        let policy = CapacityPolicy(
            name: "b", bounds: CapacityBounds(min: 1, max: max), strategy: .targetTracking(tracking), warmPool: warmPool,
            buffer: VolatilityBuffer(windowSeconds: 600, deviations: deviations, warmPoolDeviations: warmPoolDeviations))
        return CapacityPlanner(policy: policy)
    }

    /// One minute at `units × percent / 60` units of load, observed a minute later.
    func observe(_ planner: inout CapacityPlanner, minute: Int, current: Int, percent: Double) -> Decision {
        planner.decide(Observation(
            time: at(Double(minute + 1) * 60), currentCapacity: current, readyUnits: current,
            readings: [.value(percent, at: at(Double(minute) * 60), periodSeconds: 60)]))
    }

    @Test func holdsTheMeanPlusDeviationsWhenTheLoadIsJumpy() throws {
        var planner = planner(deviations: 1)
        // Load alternates 10 and 20 units at the target (20 ready units at 30 % and 60 %).
        var last: Decision?
        for minute in 0..<10 {
            last = observe(&planner, minute: minute, current: 20, percent: minute.isMultiple(of: 2) ? 30 : 60)
        }
        // Mean 15, deviation 5: at least 20 units, whatever the last reading asked for.
        #expect(try #require(last).desired == 20)
        // From 12 units the floor alone brings it back to 20.
        let raised = observe(&planner, minute: 10, current: 12, percent: 50)
        #expect(raised.desired == 20)
        #expect(raised.codes.contains("buffer_floor"))
    }

    @Test func aCalmLoadNeedsNoMoreThanTheTarget() throws {
        var planner = planner(deviations: 3)
        var decision: Decision?
        for minute in 0..<10 { decision = observe(&planner, minute: minute, current: 10, percent: 60) }
        // Every minute needs exactly 10 units: deviation 0, nothing to add.
        let calm = try #require(decision)
        #expect(calm.desired == 10)
        #expect(!calm.codes.contains("buffer_floor"))
    }

    @Test func theBufferNeverScalesInByItselfNorPastMax() throws {
        var planner = planner(deviations: 1, max: 18)
        for minute in 0..<10 { _ = observe(&planner, minute: minute, current: 20, percent: minute.isMultiple(of: 2) ? 30 : 60) }
        // The floor (20) is above max: max wins.
        #expect(observe(&planner, minute: 10, current: 12, percent: 50).desired == 18)
        // A floor below the current count holds nothing down: 40 units stay 40.
        var calm = self.planner(deviations: 1)
        for minute in 0..<10 { _ = observe(&calm, minute: minute, current: 10, percent: 60) }
        #expect(observe(&calm, minute: 10, current: 40, percent: 15).desired == 40)
    }

    @Test func missingReadingsAreNotRecordedAsLoad() throws {
        var planner = planner(deviations: 1)
        for minute in 0..<5 { _ = observe(&planner, minute: minute, current: 10, percent: 60) }
        for minute in 5..<10 {
            _ = planner.decide(Observation(time: at(Double(minute + 1) * 60), currentCapacity: 10, readyUnits: 10, readings: [.missing]))
        }
        let (mean, deviation) = try #require(planner.memory.recentLoad?.spread())
        #expect(mean == 10 && deviation == 0, "an outage is not a quiet spell")
    }

    @Test func aWarmPoolCoversTheExtraDeviations() throws {
        let pool = WarmPoolPolicy(minSize: 1, reuseOnScaleIn: true)
        var planner = planner(deviations: 1, warmPool: pool, warmPoolDeviations: 2)
        var decision: Decision?
        for minute in 0..<10 {
            decision = observe(&planner, minute: minute, current: 20, percent: minute.isMultiple(of: 2) ? 30 : 60)
        }
        // Deviation 5 × 2 = 10 warm units on top of the desired 20.
        let planned = try #require(decision)
        let plan = try #require(planned.warmPool)
        #expect(plan.poolSize == 10)
        #expect(plan.maxGroupPreparedCapacity == 30)
        // Without extra deviations the pool keeps EC2's static sizing (max − desired).
        var plain = self.planner(deviations: 1, warmPool: pool)
        var plainDecision: Decision?
        for minute in 0..<10 { plainDecision = observe(&plain, minute: minute, current: 20, percent: minute.isMultiple(of: 2) ? 30 : 60) }
        let plainPlan = try #require(plainDecision?.warmPool)
        #expect(plainPlan.poolSize == 80)
    }
}
