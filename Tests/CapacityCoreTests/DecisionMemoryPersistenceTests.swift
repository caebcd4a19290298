import CapacityCore
import Foundation
import Testing

/// The daemon persists ``DecisionMemory`` (the DynamoDB and file state stores, as JSON): a
/// memory written by one release must read back in the next and decide the same.
///
/// `Fixtures/decision-memory-v1.json` was written by the planner before its windows became
/// ring buffers (issue 15); the form must stay byte for byte the same.
@Suite struct DecisionMemoryPersistenceTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/decision-memory-v1.json")

    /// Policies whose memories use every window: alarms, cooldowns, stabilization, rate
    /// limits, failures, a forecast history and a volatility buffer.
    static let policies: [String: CapacityPolicy] = {
        let two = [utilization(), utilization("latency", target: 200)]
        var hpa = TargetTrackingPolicy.kubernetesHPA(metrics: two)
        hpa.scaleOut.stabilizationWindowSeconds = 120
        hpa.fallback = FallbackPolicy(failureThreshold: 2, capacity: 4)
        let planning = TargetTrackingPolicy(
            metrics: [utilization()], tolerance: 0,
            scaleOut: ScalingBehavior(alarm: AlarmEvaluation(periodSeconds: 60, datapoints: 1)),
            scaleIn: ScalingBehavior(stabilizationWindowSeconds: 30))
        return [
            "aws": trackingPolicy(.awsTargetTracking(metrics: two)),
            "hpa": trackingPolicy(hpa),
            "planning": CapacityPolicy(
                name: "planning", bounds: CapacityBounds(min: 1, max: 100), strategy: .targetTracking(planning),
                forecast: ForecastPolicy(horizonSeconds: 600, bucketSeconds: 300, seasonsSeconds: [3600], headroom: 0.1),
                buffer: VolatilityBuffer(windowSeconds: 1800, deviations: 0.75)),
        ]
    }()

    /// A deterministic load: a swell, a spike every 37 minutes, the second metric missing every 23rd.
    static func observation(_ step: Int, current: Int) -> Observation {
        let cpu = 60 + 40 * sin(Double(step) / 10) + (step % 37 == 0 ? 80 : 0)
        let latency = step % 23 == 0 ? nil : 150 + 100 * cos(Double(step) / 7)
        return observe(Double(step) * 60, current: current, [cpu, latency])
    }

    /// Runs `planner` over `steps`, the world following each decision at once.
    static func run(_ planner: inout CapacityPlanner, _ steps: Range<Int>, current: inout Int) -> [Decision] {
        var decisions: [Decision] = []
        for step in steps {
            var observation = observation(step, current: current)
            observation.readings = Array(observation.readings.prefix(planner.policy.metrics.count))
            let decision = planner.decide(observation)
            decisions.append(decision)
            current = decision.desired
        }
        return decisions
    }

    /// As the state stores write it.
    static func encoded(_ memories: [String: DecisionMemory]) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return String(decoding: try encoder.encode(memories), as: UTF8.self) + "\n"
    }

    static func memoriesAfterThreeHours() -> [String: DecisionMemory] {
        var memories: [String: DecisionMemory] = [:]
        for (name, policy) in policies {
            var planner = CapacityPlanner(policy: policy)
            var current = 2
            _ = run(&planner, 0..<180, current: &current)
            memories[name] = planner.memory
        }
        return memories
    }

    @Test func thePersistedFormIsUnchanged() throws {
        let text = try Self.encoded(Self.memoriesAfterThreeHours())
        if ProcessInfo.processInfo.environment["HEADROOM_WRITE_GOLDEN"] == "1" {
            try text.write(to: Self.fixture, atomically: true, encoding: .utf8)
            Issue.record("wrote \(Self.fixture.path); run again without HEADROOM_WRITE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8)
        #expect(text == expected)
    }

    @Test func aMemoryReadBackFromTheFixtureDecidesAsIfNeverStopped() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let stored = try decoder.decode([String: DecisionMemory].self, from: Data(contentsOf: Self.fixture))
        var counts = Set<Int>()
        for (name, policy) in Self.policies {
            var uninterrupted = CapacityPlanner(policy: policy)
            var current = 2
            _ = Self.run(&uninterrupted, 0..<180, current: &current)
            var restarted = CapacityPlanner(policy: policy, memory: try #require(stored[name]))
            #expect(restarted.memory == uninterrupted.memory, "\(name)")
            var restartedCurrent = current
            let expected = Self.run(&uninterrupted, 180..<360, current: &current)
            let actual = Self.run(&restarted, 180..<360, current: &restartedCurrent)
            #expect(actual == expected, "\(name)")
            counts.formUnion(expected.map(\.desired))
        }
        // The load moves the counts, so equal decisions are not equal by standing still.
        #expect(counts.count > 2)
    }
}
