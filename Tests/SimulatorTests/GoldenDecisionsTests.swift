import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// Every decision the shipped policies make on the shipped traces, pinned by a digest made
/// before the decision code was optimised (issue 15): a faster planner must not change a
/// single step.
///
/// For each trace × scenario × shipped policy file the fixture holds a 64-bit FNV-1a digest of
/// D[t] for every step (each count as a little-endian Int64). It was computed from the timeline
/// CSVs `headroom simulate --timeline-dir` wrote with the planner as it was before issue 15.
///
/// Scenarios: the two of `scripts/lib/policy_runs.py` (gpu-model-server and cpu-web-api, with
/// capacityPerUnit calibrated so each trace's peak needs 50 units) on all four traces, and each
/// shipped scenario file as is on the trace it is calibrated for: 12 pairs, 48 runs.
///
/// To regenerate after an intended change of behaviour: `HEADROOM_WRITE_GOLDEN=1 swift test
/// --filter GoldenDecisionsTests`, and say why in the commit.
@Suite struct GoldenDecisionsTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden-decisions.txt")

    /// One trace × scenario pair.
    struct Case {
        var trace: String
        var scenario: String
        var simulation: Simulation
    }

    static let traceFiles = [
        "azure_functions2019_sample1250_1min.csv", "azure_llm_conv_nov2023_1s.csv",
        "bitbrains_rnd_fleet_cpu_jul2013_5min.csv", "nasa_http_jul1995_1min.csv",
    ]

    static func cases() throws -> [Case] {
        var cases: [Case] = []
        let scenarios = ShippedSimulationsTests.simulations.appendingPathComponent("scenarios")
        for file in traceFiles {
            let trace = try ShippedSimulationsTests.trace(file)
            let peak = try #require(trace.values.max())
            for name in ["gpu-model-server", "cpu-web-api"] {
                // policy_runs.py's calibration: the trace's peak needs 50 units at the SLO utilization.
                var scenario = try ScenarioFileLoader.load(contentsOf: scenarios.appendingPathComponent("\(name).yaml"))
                scenario.capacityPerUnit = peak / (50 * scenario.sloUtilization)
                cases.append(Case(trace: file, scenario: "\(name)@50", simulation: try Simulation(trace: trace, scenario: scenario)))
            }
        }
        for (scenarioFile, traceFile) in ShippedSimulationsTests.calibration.sorted(by: { $0.key < $1.key }) {
            let scenario = try ScenarioFileLoader.load(contentsOf: scenarios.appendingPathComponent(scenarioFile))
            let trace = try ShippedSimulationsTests.trace(traceFile)
            cases.append(Case(trace: traceFile, scenario: scenario.name, simulation: try Simulation(trace: trace, scenario: scenario)))
        }
        return cases
    }

    /// Copies of the four shipped policy files as they were when the digest was made: the shipped
    /// default may be retuned (issue 14), and that must not read as a change of the planner.
    static func policies() throws -> [CapacityPolicy] {
        let directory = fixture.deletingLastPathComponent().appendingPathComponent("golden-policies")
        let policies = try ["aws-target-tracking", "headroom", "k8s-hpa", "static"].map { name in
            try PolicyFileLoader.load(contentsOf: directory.appendingPathComponent("\(name).yaml"))
        }

        return policies
    }

    /// The fixture's lines for every case and policy, as this build decides them.
    static func digests() throws -> [String] {
        let policies = try policies()
        var lines: [String] = []
        for testCase in try cases() {
            for policy in policies {
                let simulation = testCase.simulation
                let timeline = try #require(simulation.run(policy, recordTimeline: true).timeline)
                var desired = FNV1a()
                for count in timeline.desired { desired.add(Int(count)) }

                lines.append(
                    "\(testCase.trace) \(testCase.scenario) \(policy.name) steps=\(timeline.count) desired=\(desired.hex)")
            }
        }
        return lines
    }

    @Test func everyDecisionMatchesTheGoldenDigest() throws {
        let actual = try Self.digests()
        if ProcessInfo.processInfo.environment["HEADROOM_WRITE_GOLDEN"] == "1" {
            let text = "# trace scenario policy steps desired-digest (GoldenDecisionsTests)\n"
                + actual.joined(separator: "\n") + "\n"
            try text.write(to: Self.fixture, atomically: true, encoding: .utf8)
            Issue.record("wrote \(actual.count) digests to \(Self.fixture.path); run again without HEADROOM_WRITE_GOLDEN")
            return
        }
        let expected = try String(contentsOf: Self.fixture, encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        #expect(actual.count == expected.count)
        for (index, line) in actual.enumerated() where index >= expected.count || expected[index] != line {
            Issue.record("golden-decisions.txt line \(index + 2): expected \(index < expected.count ? expected[index] : "nothing"), got \(line)")
        }
        // A digest that ignored its input would pass the comparison above; different runs must differ.
        #expect(Set(actual.map { $0.split(separator: " ")[4] }).count > actual.count / 2)
    }

    /// The simulator asks for no reasons; asked for them, the planner decides every step alike
    /// and explains each one.
    @Test func explainedDecisionsAreTheSameDecisions() throws {
        let testCase = try #require(try Self.cases().first { $0.trace.hasPrefix("azure_functions") })
        let simulation = testCase.simulation
        for policy in try Self.policies() {
            let timeline = try #require(simulation.run(policy, recordTimeline: true).timeline)
            var engine = SimulationEngine(
                simulation: simulation, decider: ExplainingDecider(planner: CapacityPlanner(policy: policy)),
                name: policy.name, kind: policy.kind, metricCount: policy.metrics.count, warmPool: policy.warmPool,
                upperBound: policy.bounds.max, recordTimeline: false)
            engine.advance(until: simulation.trace.count)
            #expect(engine.deciderForTesting.desired == ints(timeline.desired), "\(policy.name)")
            #expect(engine.deciderForTesting.unexplained == 0, "\(policy.name)")
        }
    }

    /// The one-pass runner gives each policy exactly its run alone, scores and timeline.
    @Test func oneTraceOnePassRunsEachPolicyAsAlone() throws {
        let policies = try Self.policies()
        for testCase in try Self.cases() where testCase.trace.hasPrefix("azure_llm") || testCase.trace.hasPrefix("azure_functions") {
            let together = testCase.simulation.run(policies, recordTimelines: true)
            let alone = policies.map { testCase.simulation.run($0, recordTimeline: true) }
            #expect(together == alone, "\(testCase.trace) \(testCase.scenario)")
        }
    }

    @Test func theDigestSeesOneChangedStep() {
        var a = FNV1a()
        var b = FNV1a()
        for step in 0..<10_000 {
            a.add(5)
            b.add(step == 7_777 ? 6 : 5)
        }
        #expect(a.hex != b.hex)
    }
}

/// ``CapacityPlanner`` asked for its reasons, as the daemon asks, recording what it decided.
struct ExplainingDecider: StepDecider {
    var planner: CapacityPlanner
    var desired: [Int] = []
    var unexplained = 0

    mutating func decide(_ observation: Observation) -> StepChoice {
        let decision = planner.decide(observation, explain: true)
        desired.append(Swift.max(0, decision.desired))
        if decision.reasons.isEmpty { unexplained += 1 }
        return StepChoice(desired: decision.desired, upperBound: decision.bounds.max, warmPool: decision.warmPool)
    }
}

/// 64-bit FNV-1a: stable across runs, builds and platforms, unlike `Hasher`.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ number: Int) {
        var bits = UInt64(bitPattern: Int64(number))
        for _ in 0..<8 {
            value = (value ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3
            bits >>= 8
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
