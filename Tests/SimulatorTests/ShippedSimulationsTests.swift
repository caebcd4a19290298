import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// Every shipped trace under every shipped scenario, with the shipped policies built in code.
@Suite struct ShippedSimulationsTests {
    static let simulations = repositoryRoot.appendingPathComponent("simulations")

    /// The rows, step and range SOURCES.md documents for each trace (it rounds Bitbrains to 2 decimals).
    static let traces: [(file: String, rows: Int, step: Int, min: Double, max: Double)] = [
        ("nasa_http_jul1995_1min.csv", 39_692, 60, 0, 405),
        ("azure_functions2019_sample1250_1min.csv", 1_440, 60, 8_563, 26_745),
        ("azure_llm_conv_nov2023_1s.csv", 3_503, 1, 0, 19),
        ("bitbrains_rnd_fleet_cpu_jul2013_5min.csv", 4_032, 300, 2.512, 30.315),
    ]

    /// Each scenario and the trace it is calibrated for.
    static let calibration = [
        "cpu-web-api.yaml": "nasa_http_jul1995_1min.csv",
        "gpu-model-server.yaml": "azure_llm_conv_nov2023_1s.csv",
        "queue-worker.yaml": "azure_functions2019_sample1250_1min.csv",
        "vm-fleet.yaml": "bitbrains_rnd_fleet_cpu_jul2013_5min.csv",
    ]

    static func trace(_ file: String) throws -> Trace {
        try TraceReader.read(contentsOf: simulations.appendingPathComponent("traces/\(file)"))
    }

    /// The shipped scenario files are flat `key: value  # comment` YAML; read them here without
    /// the PolicyFiles loader so these tests stand on their own.
    static func scenario(_ file: String) throws -> SimulationScenario {
        let text = try String(contentsOf: simulations.appendingPathComponent("scenarios/\(file)"), encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard let colon = content.firstIndex(of: ":") else { continue }
            let key = content[..<colon].trimmingCharacters(in: .whitespaces)
            let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[key] = value
        }
        func number(_ key: String) throws -> Double {
            let text = try #require(fields[key], "\(file): \(key)")
            return try #require(Double(text), "\(file): \(key): \(text)")
        }
        let known: Set = [
            "name", "capacityPerUnit", "sloUtilization", "minUnits", "bootSeconds", "warmStartSeconds",
            "metricLagSeconds", "pricePerUnitHour", "warmPricePerUnitHour",
        ]
        #expect(Set(fields.keys).subtracting(known).isEmpty, "\(file): \(fields.keys)")
        return SimulationScenario(
            name: try #require(fields["name"]), capacityPerUnit: try number("capacityPerUnit"),
            sloUtilization: try number("sloUtilization"), minUnits: Int(try number("minUnits")),
            bootSeconds: try number("bootSeconds"), warmStartSeconds: try number("warmStartSeconds"),
            metricLagSeconds: try number("metricLagSeconds"), pricePerUnitHour: try number("pricePerUnitHour"),
            warmPricePerUnitHour: try number("warmPricePerUnitHour"))
    }

    @Test func tracesAreAsSourcesDescribesThem() throws {
        for expected in Self.traces {
            let trace = try Self.trace(expected.file)
            #expect(trace.count == expected.rows, "\(expected.file)")
            #expect(trace.stepSeconds == expected.step, "\(expected.file)")
            #expect(trace.values.min() == expected.min, "\(expected.file)")
            #expect(trace.values.max() == expected.max, "\(expected.file)")
        }
        let nasa = try Self.trace("nasa_http_jul1995_1min.csv")
        #expect(nasa.timestampText(ofStep: 0) == "1995-07-01T04:00:00Z")
        #expect(nasa.timestampText(ofStep: nasa.count - 1) == "1995-07-28T17:31:00Z")
        // SOURCES.md: 1,891,672 requests in all.
        #expect(nasa.values.reduce(0, +) == 1_891_672)
    }

    @Test func everyScenarioFitsTheTraceItIsCalibratedFor() throws {
        // A mid-size service at the peak: about 50 units, so whole-unit rounding neither
        // dominates nor vanishes, and the shipped policies' bounds [1, 100] hold it.
        for (scenarioFile, traceFile) in Self.calibration {
            let simulation = try Simulation(trace: try Self.trace(traceFile), scenario: try Self.scenario(scenarioFile))
            let peak = try #require(simulation.demand.max())
            #expect((45...55).contains(peak), "\(scenarioFile) on \(traceFile): peak demand \(peak)")
            #expect(peak <= BaselinePolicies.defaultStaticUnits)
            #expect(peak < BaselinePolicies.defaultBounds.max)
        }
        let gpu = try SimulationPhysics(scenario: try Self.scenario("gpu-model-server.yaml"), stepSeconds: 1)
        #expect(gpu.bootSteps == 600 && gpu.warmSteps == 60 && gpu.lagSteps == 60 && gpu.sloUtilization == 0.8)
        #expect(try Self.scenario("queue-worker.yaml").minUnits == 0)
        #expect(try Self.scenario("cpu-web-api.yaml").bootSeconds == 90)
    }

    @Test(arguments: ["cpu-web-api.yaml", "gpu-model-server.yaml", "queue-worker.yaml", "vm-fleet.yaml"])
    func everyTraceRunsUnderTheScenario(scenarioFile: String) async throws {
        let scenario = try Self.scenario(scenarioFile)
        for expected in Self.traces {
            let simulation = try Simulation(trace: try Self.trace(expected.file), scenario: scenario)
            let report = try await SimulationRunner.run(simulation, policies: BaselinePolicies.shipped())
            #expect(report.results.map(\.policyName) == ["aws-target-tracking", "headroom", "k8s-hpa", "static"])
            let steps = Double(simulation.trace.count)
            for run in report.results {
                let s = run.scores
                let label = "\(run.policyName) on \(expected.file) × \(scenarioFile)"
                #expect(s.cost > 0 && s.oracleCost > 0, "\(label)")
                #expect(close(s.costRatio, s.cost / s.oracleCost), "\(label)")
                #expect(s.tauU + s.tauO <= 100 + 1e-9, "\(label)")
                #expect(close(s.underProvisionedSeconds, s.tauU / 100 * steps * Double(simulation.trace.stepSeconds)), "\(label)")
                #expect((s.unitStepsShort == 0) == (s.underProvisionedSeconds == 0), "\(label)")
                #expect(s.scalingActions <= simulation.trace.count, "\(label)")
                #expect(s.maxUtilization >= 0, "\(label)")
            }
        }
    }

    @Test func theCalibratedDemoBehavesLikeItsPolicies() async throws {
        // On the NASA demo, the default's buffer floor, which rises without waiting for an alarm
        // (headroom), must be short of capacity less often than AWS; the static 55 units, above
        // the peak of 51, is never short after its start-up boot and costs the most.
        let simulation = try Simulation(
            trace: try Self.trace("nasa_http_jul1995_1min.csv"), scenario: try Self.scenario("cpu-web-api.yaml"))
        let report = try await SimulationRunner.run(simulation, policies: BaselinePolicies.shipped())
        let byName = Dictionary(uniqueKeysWithValues: report.results.map { ($0.policyName, $0.scores) })
        let aws = try #require(byName["aws-target-tracking"]), headroom = try #require(byName["headroom"])
        let fixed = try #require(byName["static"])
        #expect(headroom.underProvisionedSeconds < aws.underProvisionedSeconds)
        #expect(fixed.costRatio > aws.costRatio && fixed.costRatio > headroom.costRatio)
        // Initial units = d[0] = 6; the other 49 boot in 90 s = 2 steps: at most t0 and t1 short.
        #expect(fixed.underProvisionedSeconds <= 120)
    }
}
