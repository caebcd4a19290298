import CapacityCore
import Foundation
import Testing

/// ``CapacityPlanner/decideUnexplained(_:)``, the simulator's entry point, against
/// ``CapacityPlanner/decide(_:explain:)`` with and without reasons: the same outcome and the
/// same memory after every step.
@Suite("Decision outcome")
struct DecisionOutcomeTests {
    static func policies() -> [CapacityPolicy] {
        let awsTracking = TargetTrackingPolicy.awsTargetTracking(metrics: [utilization("cpu"), utilization("memory", target: 70)])
        let hpa = TargetTrackingPolicy.kubernetesHPA(metrics: [utilization()])
        let planning = TargetTrackingPolicy(
            metrics: [utilization()], tolerance: 0,
            scaleOut: ScalingBehavior(alarm: AlarmEvaluation(periodSeconds: 60, datapoints: 1)),
            scaleIn: ScalingBehavior(stabilizationWindowSeconds: 30))
        return [
            trackingPolicy(awsTracking),
            trackingPolicy(hpa, min: 2, max: 40),
            CapacityPolicy(
                name: "buffer", bounds: CapacityBounds(min: 1, max: 200), strategy: .targetTracking(planning),
                warmPool: WarmPoolPolicy(minSize: 1),
                buffer: VolatilityBuffer(windowSeconds: 2_700, deviations: 0.75, warmPoolDeviations: 1)),
            CapacityPolicy(name: "fixed", bounds: CapacityBounds(min: 1, max: 10), strategy: .fixed(units: 4), warmPool: WarmPoolPolicy(minSize: 2)),
        ]
    }

    @Test(arguments: policies())
    func theOutcomeIsTheDecisionWithoutItsReasons(policy: CapacityPolicy) {
        var random = AlarmDatapointsRunTests.Random(state: 2026)
        var explained = CapacityPlanner(policy: policy)
        var unexplained = CapacityPlanner(policy: policy)
        var outcomes = CapacityPlanner(policy: policy)
        var current = 5
        for step in 0..<3_000 {
            let time = Double(step) * 60
            // Mostly a wandering load; now and then a missing reading or the target's own bounds.
            let values: [Double?] = policy.metrics.map { _ in random.next() < 0.05 ? nil : random.next() * 150 }
            let bounds = random.next() < 0.1 ? CapacityBounds(min: 2, max: 30) : nil
            let observation = observe(time, current: current, values, bounds: bounds)
            let a = explained.decide(observation, explain: true)
            let b = unexplained.decide(observation, explain: false)
            let c = outcomes.decideUnexplained(observation)
            for decision in [a, b] {
                #expect(
                    c.time == decision.time && c.current == decision.current && c.desired == decision.desired
                        && c.bounds == decision.bounds && c.recommendation == decision.recommendation && c.warmPool == decision.warmPool,
                    "step \(step)")
            }
            #expect(b.reasons.isEmpty)
            #expect(outcomes.memory == explained.memory && outcomes.memory == unexplained.memory, "step \(step)")
            current = Swift.max(0, a.desired)
        }
    }
}
