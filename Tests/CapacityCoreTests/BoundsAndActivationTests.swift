import CapacityCore
import Testing

@Suite("Bounds, zero, fixed, warm pool")
struct BoundsAndActivationTests {
    @Test func desiredIsClampedToMinAndMax() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: 2, max: 8))
        let high = planner.decide(observe(0, current: 4, [300]))
        #expect(high.desired == 8)
        #expect(high.codes.contains("clamped_to_max"))
        let low = planner.decide(observe(60, current: 4, [1]))
        #expect(low.desired == 2)
        #expect(low.codes.contains("clamped_to_min"))
    }

    @Test func minEqualsMaxPinsTheCount() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: 5, max: 5))
        #expect(planner.decide(observe(0, current: 5, [300])).desired == 5)
        #expect(planner.decide(observe(60, current: 5, [1])).desired == 5)
        #expect(planner.decide(observe(120, current: 9, [60])).desired == 5)
    }

    @Test func maxZeroScalesEverythingIn() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: 0, max: 0))
        let decision = planner.decide(observe(0, current: 3, [300]))
        #expect(decision.desired == 0)
    }

    @Test func externalBoundsTightenThePolicy() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: 1, max: 50))
        let decision = planner.decide(observe(0, current: 4, [300], bounds: CapacityBounds(min: 2, max: 10)))
        #expect(decision.bounds == CapacityBounds(min: 2, max: 10))
        #expect(decision.desired == 10)
    }

    @Test func nonOverlappingBoundsLetTheLowerMaxWin() {
        #expect(CapacityBounds(min: 5, max: 10).intersected(with: CapacityBounds(min: 0, max: 3)) == CapacityBounds(min: 3, max: 3))
    }

    @Test func wakesFromZeroOnlyAboveActivation() {
        let metric = utilization("backlog", target: 100, activation: 5, type: .total)
        var planner = CapacityPlanner(policy: trackingPolicy(immediate([metric]), min: 0, max: 20))
        let asleep = planner.decide(observe(0, current: 0, [5]))
        #expect(asleep.desired == 0)
        #expect(asleep.codes.contains("activation"))
        let awake = planner.decide(observe(60, current: 0, [6]))
        #expect(awake.desired == 1, "6 messages at 100 per unit: one unit")
        let busy = planner.decide(observe(120, current: 1, [950]))
        #expect(busy.desired == 10)
    }

    @Test func sleepsAtOrBelowActivationWhenMinAllowsZero() {
        let metric = utilization("backlog", target: 100, activation: 5, type: .total)
        var planner = CapacityPlanner(policy: trackingPolicy(immediate([metric]), min: 0, max: 20))
        #expect(planner.decide(observe(0, current: 3, [4])).desired == 0)
        var floorOne = CapacityPlanner(policy: trackingPolicy(immediate([metric]), min: 1, max: 20))
        #expect(floorOne.decide(observe(0, current: 3, [4])).desired == 1)
    }

    @Test func anIdleReadingWaitsForTheScaleInAlarmLikeAnyLowOne() {
        // AWS's alarms: one minute with no requests is one datapoint of the fifteen the
        // scale-in alarm needs, not a reason to drop to the minimum.
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()]), min: 1, max: 100))
        var minute = 0.0
        func step(_ value: Double) -> Decision {
            minute += 1
            return planner.decide(observe(minute * 60, current: 10, [value]))
        }
        for _ in 0..<5 { #expect(step(60).desired == 10) }
        let idle = step(0)
        #expect(idle.desired == 10, "\(idle.codes)")
        #expect(idle.codes.contains("alarm_pending"))
        #expect(step(60).desired == 10)
        for _ in 0..<14 { #expect(step(0).desired == 10) }
        let fifteenth = step(0)
        #expect(fifteenth.desired == 1, "fifteen idle minutes fire the alarm: \(fifteenth.codes)")
    }

    @Test func anIdleReadingScalesToZeroOnlyThroughTheScaleInAlarm() {
        let metric = utilization("backlog", target: 100, activation: 5, type: .total)
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [metric]), min: 0, max: 20))
        #expect(planner.decide(observe(60, current: 3, [4])).desired == 3, "one datapoint of fifteen")
        var last = 3
        for minute in 2...15 { last = planner.decide(observe(Double(minute) * 60, current: 3, [4])).desired }
        #expect(last == 0, "the fifteenth idle datapoint at or below the activation value: asleep")
    }

    @Test func averageMetricAtZeroUnitsStartsWithOne() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: 0, max: 20))
        #expect(planner.decide(observe(0, current: 0, ready: 0, [.infinity])).desired == 1)
    }

    @Test func fixedStrategyHoldsItsCountWithinBounds() {
        var planner = CapacityPlanner(policy: CapacityPolicy(name: "s", kind: .fixed, bounds: CapacityBounds(min: 0, max: 4), strategy: .fixed(units: 6)))
        let decision = planner.decide(Observation(time: t0, currentCapacity: 2, readyUnits: 2, readings: []))
        #expect(decision.desired == 4)
        #expect(decision.codes == ["fixed_capacity", "clamped_to_max"])
    }

    @Test func warmPoolSizeFollowsEC2Rules() {
        // AWS docs: desired 6, max 10 → pool 4; with MaxGroupPreparedCapacity 8 → pool 2.
        #expect(WarmPoolPlan.size(policy: WarmPoolPolicy(), desired: 6, groupMax: 10) == 4)
        #expect(WarmPoolPlan.size(policy: WarmPoolPolicy(maxGroupPreparedCapacity: 8), desired: 6, groupMax: 10) == 2)
        #expect(WarmPoolPlan.size(policy: WarmPoolPolicy(minSize: 3, maxGroupPreparedCapacity: 8), desired: 6, groupMax: 10) == 3)
        #expect(WarmPoolPlan.size(policy: WarmPoolPolicy(maxGroupPreparedCapacity: 8), desired: 9, groupMax: 10) == 0)
    }

    @Test func decisionCarriesTheWarmPoolPlan() {
        let pool = WarmPoolPolicy(minSize: 1, maxGroupPreparedCapacity: 12, reuseOnScaleIn: true)
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: 1, max: 20, warmPool: pool))
        let decision = planner.decide(observe(0, current: 4, [90]))
        #expect(decision.warmPool?.poolSize == 6)
        #expect(decision.warmPool?.reuseOnScaleIn == true)
    }

    @Test func targetReferenceParsesBothForms() {
        #expect(TargetReference("ecs:prod/api") == .ecsService(cluster: "prod", service: "api"))
        #expect(TargetReference("asg:gpu-inference") == .autoScalingGroup(name: "gpu-inference"))
        #expect(TargetReference("ecs:prod") == nil)
        #expect(TargetReference("ecs:/api") == nil)
        #expect(TargetReference("eks:x") == nil)
        #expect(TargetReference("asg:") == nil)
        #expect(TargetReference.ecsService(cluster: "prod", service: "api").description == "ecs:prod/api")
    }

    @Test func memoryRoundTripsThroughJSON() throws {
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        for minute in 1...5 { _ = planner.decide(observe(Double(minute * 60), current: 4, [90])) }
        let data = try JSONEncoder().encode(planner.memory)
        let restored = try JSONDecoder().decode(DecisionMemory.self, from: data)
        #expect(restored == planner.memory)
    }
}

import Foundation
