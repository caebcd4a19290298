import CapacityCore
import Testing

@Suite("Rate limits, alarms, evaluation interval")
struct BehaviorTests {
    @Test func hpaScaleUpLimitIsMaxOfDoubleOrFourUnitsPer15s() {
        var planner = CapacityPlanner(policy: trackingPolicy(.kubernetesHPA(metrics: [utilization()])))
        // 2 pods at 600 % of target want 20; the limit is max(2·2, 2+4) = 6.
        let first = planner.decide(observe(0, current: 2, [360]))
        #expect(first.desired == 6)
        #expect(first.codes.contains("rate_limited"))
        // Within the same 15 s period, nothing more is evaluated (15 s sync).
        #expect(planner.decide(observe(10, current: 6, ready: 2, [360])).desired == 6)
        // Next sync: the period start is 6 now (the +4 is older than 15 s): max(12, 10) = 12.
        #expect(planner.decide(observe(15, current: 6, ready: 6, [360])).desired == 12)
    }

    @Test func hpaScaleDownExampleFromTheDocs() {
        // Kubernetes docs: Pods 4/60 s and Percent 10 %/60 s with Max: 80 → 72, then 10 % of 72 = 7.2 → 64.
        let tracking = TargetTrackingPolicy(
            metrics: [utilization()], tolerance: 0,
            scaleIn: ScalingBehavior(
                stabilizationWindowSeconds: 0,
                rateLimits: [.init(kind: .units, value: 4, periodSeconds: 60), .init(kind: .percent, value: 10, periodSeconds: 60)],
                selectPolicy: .max))
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 80, [6])).desired == 72)
        #expect(planner.decide(observe(30, current: 72, [6])).desired == 72, "still inside the first 60 s period, all 8 units used")
        #expect(planner.decide(observe(61, current: 72, [6])).desired == 64)
    }

    @Test func selectPolicyMinPicksTheLeastChange() {
        let tracking = TargetTrackingPolicy(
            metrics: [utilization()], tolerance: 0,
            scaleOut: ScalingBehavior(
                rateLimits: [.init(kind: .units, value: 2, periodSeconds: 60), .init(kind: .percent, value: 100, periodSeconds: 60)],
                selectPolicy: .min))
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 10, [120])).desired == 12)
    }

    @Test func disabledDirectionNeverMoves() {
        let tracking = TargetTrackingPolicy(metrics: [utilization()], scaleOut: ScalingBehavior(selectPolicy: .disabled))
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        let decision = planner.decide(observe(0, current: 3, [120]))
        #expect(decision.desired == 3)
        #expect(decision.codes.contains("direction_disabled"))
    }

    @Test func awsAlarmNeedsThreeConsecutiveMinutesAboveTarget() {
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        // One-minute datapoints, each complete when read (timestamp = minute start, period 60).
        var decision = planner.decide(observe(60, current: 4, [90]))
        #expect(decision.desired == 4)
        #expect(decision.codes.contains("alarm_pending"))
        decision = planner.decide(observe(120, current: 4, [90]))
        #expect(decision.desired == 4)
        decision = planner.decide(observe(180, current: 4, [90]))
        #expect(decision.desired == 6, "third datapoint above 60: scale to ceil(4 × 90 / 60)")
    }

    @Test func awsAlarmResetsWhenADatapointDips() {
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        _ = planner.decide(observe(60, current: 4, [90]))
        _ = planner.decide(observe(120, current: 4, [90]))
        _ = planner.decide(observe(180, current: 4, [59]))
        #expect(planner.decide(observe(240, current: 4, [90])).desired == 4)
        #expect(planner.decide(observe(300, current: 4, [90])).desired == 4)
        #expect(planner.decide(observe(360, current: 4, [90])).desired == 6)
    }

    @Test func awsScaleInNeedsFifteenMinutesBelowNinetyPercentOfTarget() {
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        for minute in 1...14 {
            #expect(planner.decide(observe(Double(minute * 60), current: 10, [30])).desired == 10)
        }
        #expect(planner.decide(observe(15 * 60, current: 10, [30])).desired == 5)
        // 55 is below target but not below 0.9 × 60 = 54: no scale-in however long.
        var other = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        for minute in 1...30 {
            #expect(other.decide(observe(Double(minute * 60), current: 10, [55])).desired == 10)
        }
    }

    @Test func alarmAveragesShortStepsIntoMinutes() {
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        // 10 s steps: each minute averages six readings; 70,70,70,50,50,50 → 60, not above 60.
        var decision: Decision?
        for minute in 0..<3 {
            for step in 0..<6 {
                let time = Double(minute * 60 + step * 10)
                let value = step < 3 ? 70.0 : 50.0
                let observation = Observation(time: at(time + 10), currentCapacity: 4, readyUnits: 4,
                                              readings: [.value(value, at: at(time), periodSeconds: 10)])
                decision = planner.decide(observation)
            }
        }
        #expect(decision?.desired == 4)
        #expect(planner.memory.alarms[0].completedValues == [60, 60, 60])
    }

    @Test func evaluationIntervalHoldsBetweenEvaluations() {
        var tracking = immediate()
        tracking.evaluationIntervalSeconds = 15
        var planner = CapacityPlanner(policy: trackingPolicy(tracking))
        #expect(planner.decide(observe(0, current: 4, [60])).desired == 4)
        let held = planner.decide(observe(5, current: 4, [120]))
        #expect(held.desired == 4)
        #expect(held.codes == ["between_evaluations"])
        #expect(planner.decide(observe(15, current: 4, [120])).desired == 8)
    }
}

@Suite("Alarms over long readings")
struct LongReadingAlarmTests {
    @Test func aFiveMinuteReadingIsFiveOneMinuteDatapoints() {
        var planner = CapacityPlanner(policy: trackingPolicy(.awsTargetTracking(metrics: [utilization()])))
        let observation = Observation(time: at(300), currentCapacity: 4, readyUnits: 4, readings: [.value(90, at: at(0), periodSeconds: 300)])
        let decision = planner.decide(observation)
        #expect(planner.memory.alarms[0].completedValues == [90, 90, 90, 90, 90])
        #expect(decision.desired == 6, "three one-minute datapoints above target inside one five-minute reading")
    }
}
