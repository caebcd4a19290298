import CapacityCore
import Foundation
import Testing

@testable import Simulator

/// When a policy's MaxCapacity is below what the trace's peak needs, the table, the JSON and the
/// HTML report say so and say how to fix it; a policy that can reach the peak gets no warning.
@Suite struct CapacityWarningTests {
    /// Demand (c = 10, s = 1) is 1, 5, 30, 30, 2 units: the peak needs 30.
    private func simulation() throws -> Simulation {
        try Simulation(trace: minuteTrace([10, 50, 300, 300, 20]), scenario: handScenario())
    }

    @Test func policiesBelowThePeakAreWarnedAboutGroupedByTheirCeiling() async throws {
        let simulation = try simulation()
        let policies = [
            BaselinePolicies.headroom(name: "small", bounds: .init(min: 1, max: 10)),
            BaselinePolicies.awsTargetTracking(name: "small-aws", bounds: .init(min: 1, max: 10)),
            BaselinePolicies.headroom(name: "medium", bounds: .init(min: 1, max: 20)),
            BaselinePolicies.headroom(name: "big", bounds: .init(min: 1, max: 30)),
        ]
        let warnings = CapacityWarning.check(policies, against: simulation)
        #expect(warnings.map(\.policyNames) == [["small", "small-aws"], ["medium"]])
        #expect(warnings.map(\.maxCapacity) == [10, 20])
        #expect(warnings.allSatisfy { $0.peakDemand == 30 && $0.stepsAboveMax == 2 && $0.steps == 5 })
        let message = warnings[0].message
        #expect(message.contains("policies small, small-aws: MaxCapacity 10 is below the 30 units the trace's peak needs"), "\(message)")
        #expect(message.contains("2 steps of 5 steps (40.0 %"), "\(message)")
        #expect(message.contains("Raise MaxCapacity to at least 30, or raise the scenario's capacityPerUnit"), "\(message)")

        let report = try await SimulationRunner.run(simulation, policies: policies, recordTimelines: true)
        #expect(report.capacityWarnings == warnings)
        let table = report.table()
        #expect(table.contains("\n! policies small, small-aws: MaxCapacity 10"), "\(table)")
        #expect(table.contains("\n! policy medium: MaxCapacity 20"), "\(table)")
        #expect(!table.contains("policy big"))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let listed = try #require(json["capacityWarnings"] as? [[String: Any]])
        #expect(listed.map { $0["policies"] as? [String] } == [["small", "small-aws"], ["medium"]])
        #expect(listed.map { $0["maxCapacity"] as? Int } == [10, 20])
        #expect(listed.allSatisfy { $0["peakDemandUnits"] as? Int == 30 && $0["stepsAboveMax"] as? Int == 2 })
        #expect((listed.first?["message"] as? String) == warnings[0].message)

        let html = HTMLReport.render(report)
        #expect(html.contains("<p class=\"warning\">⚠ policies small, small-aws: MaxCapacity 10"))
    }

    @Test func aScheduleThatRaisesTheMaxCountsAndNoWarningIsEmpty() throws {
        let simulation = try simulation()
        let reachable = [BaselinePolicies.headroom(name: "enough", bounds: .init(min: 1, max: 30))]
        #expect(CapacityWarning.check(reachable, against: simulation).isEmpty)
        let report = SimulationReport(simulation: simulation, results: [simulation.run(reachable[0])])
        #expect(!report.table().contains("\n!"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        #expect((json["capacityWarnings"] as? [Any])?.isEmpty == true)
    }

    /// The scores table sits in a horizontally scrolling wrapper and its headers may wrap, so
    /// a narrow window scrolls the table instead of pushing it out of its card
    /// (scripts/check-report-layout.sh measures it in headless Chromium).
    @Test func scoresTableScrollsInsideItsCard() throws {
        let simulation = try simulation()
        let report = SimulationReport(simulation: simulation, results: [simulation.run(BaselinePolicies.headroom())])
        let html = HTMLReport.render(report)
        #expect(html.contains("<div class=\"table-scroll\"><table class=\"scores\">"))
        #expect(html.contains(".table-scroll { overflow-x: auto; max-width: 100%; }"))
        #expect(html.contains(".scores th { white-space: normal;"))
    }
}
