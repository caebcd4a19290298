import CapacityCore
import PropertyBased
import Testing

@Suite("Planner properties")
struct PlannerPropertyTests {
    @Test func desiredIsAlwaysWithinBounds() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...50), Gen.int(in: 0...50), Gen.int(in: 0...120), Gen.double(in: 0...1000)) { a, b, current, value in
            let bounds = CapacityBounds(min: Swift.min(a, b), max: Swift.max(a, b))
            var planner = CapacityPlanner(policy: trackingPolicy(immediate(), min: bounds.min, max: bounds.max))
            let decision = planner.decide(observe(0, current: current, [value]))
            #expect(decision.desired >= bounds.min && decision.desired <= bounds.max)
        }
    }

    @Test func scaleInNeverPushesProjectedUtilizationAboveTarget() async {
        await propertyCheck(count: 500, input: Gen.int(in: 1...200), Gen.double(in: 0.01...200), Gen.double(in: 1...100)) { current, value, target in
            let metric = utilization(target: target)
            var planner = CapacityPlanner(policy: trackingPolicy(immediate([metric], tolerance: 0), min: 0, max: 1000))
            let decision = planner.decide(observe(0, current: current, [value]))
            if decision.desired < current {
                let projected = value * Double(current) / Double(decision.desired)
                #expect(decision.desired > 0)
                #expect(projected <= target * (1 + 1e-9), "projected \(projected) above target \(target)")
            }
        }
    }

    @Test func missingDataNeverScalesIn() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...100), Gen.double(in: 0...100)) { current, value in
            var planner = CapacityPlanner(policy: trackingPolicy(immediate([utilization("a"), utilization("b")]), min: 0, max: 200))
            let decision = planner.decide(observe(0, current: current, [value, nil]))
            #expect(decision.desired >= current)
        }
    }
}
