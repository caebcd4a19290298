import CapacityCore
import Testing

@Suite("Target tracking")
struct TargetTrackingTests {
    @Test func scalesOutInProportionToTheMetric() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate()))
        let decision = planner.decide(observe(0, current: 4, [90]))
        #expect(decision.desired == 6)
        #expect(decision.direction == .scaleOut)
        #expect(decision.codes == ["metric_proposal"])
        #expect(decision.summary.contains("cpu is 90 against target 60: 6 units"))
    }

    @Test func metricAtTargetChangesNothing() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(tolerance: 0)))
        let decision = planner.decide(observe(0, current: 4, [60]))
        #expect(decision.desired == 4)
        #expect(decision.codes == ["within_tolerance"])
    }

    @Test func scaleInWaitsForTheStabilizationWindow() {
        // Default scale-in window: 300 s, taking the highest recommendation in it.
        let tracking = TargetTrackingPolicy(metrics: [utilization()])
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 10, [60])).desired == 10)
        var decision = planner.decide(observe(60, current: 10, [30]))
        #expect(decision.desired == 10)
        #expect(decision.codes.contains("stabilized"))
        decision = planner.decide(observe(299, current: 10, [30]))
        #expect(decision.desired == 10, "the recommendation of 10 made at t=0 is still inside the window")
        decision = planner.decide(observe(300, current: 10, [30]))
        #expect(decision.desired == 5, "at t=300 the t=0 recommendation has left the window")
    }

    @Test func stabilizationHoldsTheHighestRecommendationInTheWindow() {
        let tracking = TargetTrackingPolicy(metrics: [utilization()], tolerance: 0)
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        _ = planner.decide(observe(0, current: 10, [60]))    // recommends 10; history starts
        _ = planner.decide(observe(300, current: 10, [48]))  // recommends 8
        _ = planner.decide(observe(400, current: 10, [36]))  // recommends 6
        let decision = planner.decide(observe(500, current: 10, [30]))  // recommends 5, holds 8
        #expect(decision.desired == 8)
        #expect(decision.recommendation == 5)
    }

    @Test func withoutAWindowOfHistoryNothingScalesIn() {
        // A first start (or lost state): 300 s must pass before the first scale-in.
        let tracking = TargetTrackingPolicy(metrics: [utilization()], tolerance: 0)
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 10, [30])).desired == 10)
        #expect(planner.decide(observe(299, current: 10, [30])).desired == 10)
        #expect(planner.decide(observe(300, current: 10, [30])).desired == 5)
        var fresh = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(fresh.decide(observe(0, current: 4, [90])).desired == 6, "scale-out is never held back by missing history")
    }

    @Test func severalMetricsScaleOutIfAnyAsks() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate([utilization("cpu"), utilization("memory", target: 70)])))
        let decision = planner.decide(observe(0, current: 4, [30, 140]))
        #expect(decision.desired == 8)
    }

    @Test func severalMetricsScaleInOnlyIfAllAgree() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate([utilization("cpu"), utilization("memory", target: 70)])))
        let decision = planner.decide(observe(0, current: 10, [30, 70]))
        #expect(decision.desired == 10)
        #expect(decision.codes.contains("scale_in_needs_all_metrics"))
        let both = planner.decide(observe(60, current: 10, [30, 35]))
        #expect(both.desired == 5, "the larger of the two proposals (5 and 5) wins")
    }

    @Test func missingMetricNeverScalesIn() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate([utilization("cpu"), utilization("memory")])))
        let decision = planner.decide(observe(0, current: 10, [30, nil]))
        #expect(decision.desired == 10)
        #expect(decision.codes.contains("metric_missing"))
        #expect(decision.codes.contains("scale_in_blocked_missing_data"))
        // But a present metric can still scale out.
        let out = planner.decide(observe(60, current: 10, [90, nil]))
        #expect(out.desired == 15)
    }

    @Test func staleMetricIsTreatedAsMissing() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate()))
        let stale = Observation(time: at(1000), currentCapacity: 10, readyUnits: 10, readings: [.value(10, at: at(0), periodSeconds: 60)])
        let decision = planner.decide(stale)
        #expect(decision.desired == 10)
        #expect(decision.codes.contains("metric_stale"))
    }

    @Test func fallbackAppliesAfterConsecutiveFailuresAndNeverScalesIn() {
        var tracking = immediate()
        tracking.fallback = FallbackPolicy(failureThreshold: 3, capacity: 6)
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        let unreachable = { (time: Double, current: Int) in
            Observation(time: at(time), currentCapacity: current, readyUnits: current, readings: [.unavailable("connection refused")])
        }
        #expect(planner.decide(unreachable(0, 2)).desired == 2)
        #expect(planner.decide(unreachable(15, 2)).desired == 2)
        let third = planner.decide(unreachable(30, 2))
        #expect(third.desired == 6)
        #expect(third.codes.contains("fallback"))
        // Above the fallback, the count is kept.
        #expect(planner.decide(unreachable(45, 9)).desired == 9)
        // Data returns: the failure count resets.
        _ = planner.decide(observe(60, current: 6, [60]))
        #expect(planner.memory.consecutiveFailures == 0)
    }

    @Test func warmingUnitsAreNotMeasuredAndBlockScaleIn() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(tolerance: 0)))
        // 6 ready of which 2 still warm up: the average covers 4 units.
        let out = planner.decide(observe(0, current: 6, ready: 6, warming: 2, [90]))
        #expect(out.desired == 6, "4 measured units at 90 % need 6: the warming ones count toward capacity")
        let held = planner.decide(observe(60, current: 6, ready: 6, warming: 2, [30]))
        #expect(held.desired == 6)
        #expect(held.codes.contains("scale_in_blocked_warmup"))
    }

    @Test func disableScaleInOnThePolicy() {
        var tracking = immediate()
        tracking.disableScaleIn = true
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 10, [10])).desired == 10)
        #expect(planner.decide(observe(60, current: 10, [120])).desired == 20)
    }

    @Test func aMetricWithScaleInDisabledHasNoVoteOnScaleIn() {
        let metrics = [utilization("cpu"), utilization("requests", disableScaleIn: true)]
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(metrics)))
        // requests asks for 2 but may not remove; cpu asks for 5: cpu decides.
        #expect(planner.decide(observe(0, current: 10, [30, 12])).desired == 5)
        // requests still scales out.
        #expect(planner.decide(observe(60, current: 5, [30, 120])).desired == 10)
    }

    @Test func scaleInCooldownBlocksTheNextScaleInButNotAScaleOut() {
        var tracking = immediate(tolerance: 0)
        tracking.scaleIn.cooldownSeconds = 300
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 10, [30])).desired == 5)
        let blocked = planner.decide(observe(60, current: 5, [30]))
        #expect(blocked.desired == 5)
        #expect(blocked.codes.contains("cooldown"))
        #expect(planner.decide(observe(120, current: 5, [120])).desired == 10, "a scale-out is allowed and cancels the scale-in cooldown")
        #expect(planner.decide(observe(180, current: 10, [30])).desired == 5)
    }

    @Test func scaleOutCooldownAllowsOnlyALargerScaleOut() {
        var tracking = immediate(tolerance: 0)
        tracking.scaleOut.cooldownSeconds = 300
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 4, ready: 4, [90])).desired == 6)
        // The earlier scale-out was undone from outside (4 again): a proposal of 6 is not larger than the last one.
        let held = planner.decide(observe(60, current: 4, ready: 4, [90]))
        #expect(held.desired == 4)
        #expect(held.codes.contains("cooldown"))
        #expect(planner.decide(observe(90, current: 4, ready: 4, [120])).desired == 8, "a larger scale-out goes through")
        #expect(planner.decide(observe(400, current: 4, ready: 4, [90])).desired == 6, "after the cooldown anything goes")
    }
}

@Suite("Unit counts that lag the metric")
struct LaggingUnitCountTests {
    @Test func finiteAverageWithNoRunningUnitsScalesWhatIsInService() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate()))
        let decision = planner.decide(observe(0, current: 4, ready: 0, [90]))
        #expect(decision.desired == 6)
    }

    @Test func infiniteUtilizationWithEverythingBootingHolds() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate()))
        #expect(planner.decide(observe(0, current: 4, ready: 0, [.infinity])).desired == 4)
    }
}
