import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// A simulation of one-second steps: a policy acts on its metric's minute averages, as the daemon
/// would read them from CloudWatch, not on each second.
@Suite struct SubMinuteStepsTests {
    /// Ten minutes of seconds: 10 units of load for the first 5 seconds of each minute, 1 after.
    static let spiky = Trace(
        name: "spiky", timestampFormat: .seconds, startSeconds: 0, stepSeconds: 1,
        values: (0..<600).map { $0 % 60 < 5 ? 10 : 1 })
    /// One unit serves one unit of load; boots in 90 s, and the metric is a minute late (the CPU
    /// web API's physics).
    static let scenario = SimulationScenario(
        name: "seconds", capacityPerUnit: 1, sloUtilization: 1, minUnits: 1, initialUnits: 2, bootSeconds: 90,
        warmStartSeconds: 30, metricLagSeconds: 60)

    static func policy(_ source: MetricQuery) -> CapacityPolicy {
        let metric = TargetTrackingMetric(name: "load", source: source, targetValue: 100)
        let tracking = TargetTrackingPolicy(metrics: [metric], tolerance: 0, scaleIn: ScalingBehavior(stabilizationWindowSeconds: 0))
        return CapacityPolicy(name: "plain", bounds: CapacityBounds(min: 1, max: 20), strategy: .targetTracking(tracking))
    }

    @Test func aPolicyWithoutASourceSizesForEachMinutesAverage() throws {
        let simulation = try Simulation(trace: Self.spiky, scenario: Self.scenario)
        let run = simulation.run(Self.policy(.simulatedUtilization), recordTimeline: true)
        let desired = try #require(run.timeline).desired.map(Int.init)
        // The minute's mean load is (5 × 10 + 55 × 1) / 60 = 1.75: two units at a 100 % target.
        // The count stays near that through every spike. Not exactly at it: a minute's average
        // utilization is scaled by the units ready at the observed second, as the daemon scales
        // CloudWatch's last minute by the units running now (AWS's rule too), so a minute
        // measured over other units asks for one more now and then. The first minute of
        // readings is used second by second (no period is complete yet).
        #expect(desired[420...].allSatisfy { (2...3).contains($0) })
        #expect(desired[420...].filter { $0 == 2 }.count > 170, "two units nearly all the time")
        #expect(desired[120...].allSatisfy { $0 <= 4 }, "never near the spikes' 10")
    }

    @Test func aPromQLValueIsActedOnEachSecond() throws {
        // PromQL names its own range, so its value is used as it comes: each spike is chased.
        let simulation = try Simulation(trace: Self.spiky, scenario: Self.scenario)
        let run = simulation.run(Self.policy(.prometheus(query: "sum(load)")), recordTimeline: true)
        let desired = try #require(run.timeline).desired.map(Int.init)
        #expect(Set(desired[420...]).contains(10))
        #expect(Set(desired[420...]).contains(1))
    }
}
