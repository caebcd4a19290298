import Foundation
import PolicyFiles
import Testing

@Suite("Scenario files")
struct ScenarioLoadingTests {
    @Test("A scenario file: given keys, documented defaults for the rest, name from the file")
    func loadsWithDefaults() throws {
        let scenario = try ScenarioFileLoader.load(contentsOf: try fixture("scenario-gpu.yaml"))
        #expect(scenario == SimulationScenario(
            name: "scenario-gpu", capacityPerUnit: 40, sloUtilization: 0.75, minUnits: 2, initialUnits: nil,
            bootSeconds: 720, warmStartSeconds: 45, metricLagSeconds: 60, pricePerUnitHour: 1.006,
            warmPricePerUnitHour: 0.012))
    }

    @Test("JSON is YAML too")
    func json() throws {
        let scenario = try ScenarioFileLoader.load(contentsOf: try fixture("scenario.json"))
        #expect(scenario == SimulationScenario(name: "json-scenario", capacityPerUnit: 100, initialUnits: 3, metricLagSeconds: 0))
    }

    @Test("Only capacityPerUnit is required")
    func minimal() throws {
        let scenario = try ScenarioFileLoader.load(yaml: "capacityPerUnit: 2.5\n", path: "sims/small.yaml")
        #expect(scenario == SimulationScenario(name: "small", capacityPerUnit: 2.5))
        let missing = ScenarioFileLoader.check(yaml: "minUnits: 1\n", path: "s.yaml")
        #expect(missing.map(\.description) == ["s.yaml:1:1: the scenario is missing the required key 'capacityPerUnit'"])
    }

    @Test("Unknown keys, PascalCase slips included, are reported at the key")
    func unknownKey() {
        let found = ScenarioFileLoader.check(yaml: "capacityPerUnit: 1\nBootSeconds: 60\n", path: "s.yaml")
        #expect(found.map(\.description) == ["s.yaml:2:1: unknown key 'BootSeconds' in the scenario; did you mean 'bootSeconds'?"])
    }

    @Test("Ranges: capacity > 0, 0 < slo <= 1, counts and durations >= 0, prices >= 0")
    func ranges() {
        let found = ScenarioFileLoader.check(yaml: """
            capacityPerUnit: 0
            sloUtilization: 1.2
            minUnits: -1
            initialUnits: 2.5
            bootSeconds: -30
            warmStartSeconds: 1e12
            metricLagSeconds: fast
            pricePerUnitHour: -1
            warmPricePerUnitHour: .nan
            """, path: "s.yaml")
        #expect(found.map(\.line) == Array(1...9))
        #expect(found.map(\.column) == [18, 17, 11, 15, 14, 19, 19, 19, 23])
        #expect(found.map(\.code) == [
            .outOfRange, .outOfRange, .outOfRange, .wrongType, .outOfRange, .outOfRange, .wrongType, .outOfRange, .outOfRange,
        ])
    }

    @Test("sloUtilization may be exactly 1")
    func sloOne() throws {
        #expect(try ScenarioFileLoader.load(yaml: "capacityPerUnit: 1\nsloUtilization: 1\n", path: "s.yaml").sloUtilization == 1)
    }
}
