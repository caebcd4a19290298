import CapacityCore
import Foundation
import Testing

/// Readings finer than the metric's period (a simulation of one-second steps) are averaged per
/// period before a decision acts on them, so the planner acts on what the daemon reads.
@Suite("Readings finer than the metric's period")
struct MetricPeriodTests {
    /// One reading per second, as the simulator shows a one-second trace.
    static func second(_ time: Double, current: Int, _ value: Double) -> Observation {
        Observation(
            time: at(time), currentCapacity: current, readyUnits: current,
            readings: [.value(value, at: at(time - 60), periodSeconds: 1)])
    }

    /// 30 % for 55 seconds of each minute, 600 % for the other 5: the minute averages 77.5 %.
    static func spiky(_ second: Int) -> Double { second % 60 < 5 ? 600 : 30 }

    @Test func aBusySecondIsAveragedWithItsMinute() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(tolerance: 0)))
        var desired: [Int] = []
        for t in 0..<600 {
            desired.append(planner.decide(Self.second(Double(t), current: 10, Self.spiky(t))).desired)
        }
        // The first minute seen (readings of seconds -60 to -1) completes at second 60; from
        // then on every decision sizes for its 77.5 %: ceil(10 × 77.5 / 60) = 13.
        #expect(Set(desired[60...]) == [13])
        // Before a period is complete, the reading is all there is: 600 % asks for 100 units.
        #expect(desired[0] == 100)
    }

    @Test func decidesAsTheDaemonDoesOnTheMinuteAverage() throws {
        // The daemon reads one CloudWatch datapoint per minute: the minute's average.
        let metric = TargetTrackingMetric(
            name: "cpu", source: .cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: [])),
            targetValue: 60)
        let policy = trackingPolicy(immediate([metric], tolerance: 0))
        var simulated = CapacityPlanner(policy: policy)
        var daemon = CapacityPlanner(policy: policy)
        var changes = 0
        for minute in 0..<30 {
            // A load that changes from minute to minute, and within each minute.
            let values = (0..<60).map { Double(20 + (minute * 37 + $0 * 11) % 90) }
            let start = Double(minute * 60)
            var onTheLastSecond: Decision?
            for (second, value) in values.enumerated() {
                onTheLastSecond = simulated.decide(Self.second(start + Double(second) + 60, current: 10, value))
            }
            let average = values.reduce(0, +) / 60
            let fromDaemon = daemon.decide(
                Observation(
                    time: at(start + 119), currentCapacity: 10, readyUnits: 10,
                    readings: [.value(average, at: at(start), periodSeconds: 60)]))
            // The minute completes with its last second: from then on both act on its average.
            #expect(try #require(onTheLastSecond).desired == fromDaemon.desired, "minute \(minute)")
            if fromDaemon.desired != 10 { changes += 1 }
        }
        #expect(changes > 10, "the load moves the count, so equal counts say something")
    }

    @Test func aPromQLInstantValueIsUsedAsItIs() {
        // PromQL names its own range (rate(x[1m])); its value is not averaged again.
        let metric = TargetTrackingMetric(name: "rps", source: .prometheus(query: "sum(rate(requests[1m]))"), targetValue: 60)
        var planner = CapacityPlanner(policy: trackingPolicy(immediate([metric], tolerance: 0)))
        for t in 0..<120 {
            let decision = planner.decide(Self.second(Double(t), current: 10, Self.spiky(t)))
            #expect(decision.desired == (Self.spiky(t) == 600 ? 100 : 5), "second \(t)")
        }
    }

    @Test func wholePeriodReadingsAreNotAveragedAgain() {
        var planner = CapacityPlanner(policy: trackingPolicy(immediate(tolerance: 0)))
        #expect(planner.decide(observe(60, current: 10, [600])).desired == 100)
        #expect(planner.decide(observe(120, current: 10, [30])).desired == 5)
        #expect(planner.memory.periodAverages == nil, "nothing to average: the daemon's memory stays as it was")
    }
}
