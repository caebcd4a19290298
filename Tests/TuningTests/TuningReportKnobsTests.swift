import CapacityCore
import Foundation
import Simulator
import Testing

@testable import Tuning

/// The report's "search space" table: every knob, its values, and the chosen policy's setting.
@Suite struct TuningReportKnobsTests {
    /// The chosen column of each knob row, in the table's order.
    static func chosenCells(_ html: String) -> [String] {
        guard let table = html.range(of: "<h2>The search space</h2>") else { return [] }
        return html[table.upperBound...].components(separatedBy: "<tr><td class=\"text\">").dropFirst().compactMap { row in
            let cells = row.components(separatedBy: "</td><td class=\"text\">")
            guard cells.count == 3, let end = cells[2].range(of: "</td></tr>") else { return nil }
            return String(cells[2][..<end.lowerBound])
        }
    }

    @Test func aKnobOfAPartTheChosenPolicyLeavesOffIsShownAsNotUsed() async throws {
        let tuner = try Tuner(trace: dailyTrace(days: 4), scenario: webScenario, baseline: try awsBaseline(), budget: 16, seed: 2)
        var result = await tuner.search()
        var best = try #require(result.candidates.first)
        // The chosen policy with its buffer off and no scale-in alarm, whatever the search found.
        best.genome.genes[TuningSearchSpace.KnobID.buffer.rawValue] = 0
        best.genome.genes[TuningSearchSpace.KnobID.scaleInAlarmDatapoints.rawValue] = 0
        best.genome.genes[TuningSearchSpace.KnobID.scaleOutAlarmDatapoints.rawValue] = 0.99
        result.best = best
        result.keptBaseline = nil
        let validation = try await tuner.validate(best)
        let html = TuningReport.render(tuner, result, validation, command: "headroom tune")
        let cells = Self.chosenCells(html)
        #expect(cells.count == tuner.space.knobs.count)
        for (knob, cell) in zip(tuner.space.knobs, cells) {
            let expected =
                tuner.space.isInUse(knob.id, in: best.genome)
                ? TuningSearchSpace.Knob.text(tuner.space.value(knob.id, in: best.genome)) : "not used"
            #expect(cell == expected, "\(knob.id)")
        }
        func cell(_ id: TuningSearchSpace.KnobID) -> String? { cells[id.rawValue] }
        #expect(cell(.bufferWindow) == "not used" && cell(.bufferDeviations) == "not used" && cell(.scaleInAlarmThreshold) == "not used")
        #expect(cell(.scaleOutAlarmThreshold) != "not used", "an alarm of 3 datapoints uses its threshold")
        #expect(html.contains("is shown as not used."))

        // Nothing chosen (the baseline kept): no setting to show, and no note about it.
        result.keptBaseline = .noBetterCandidate
        let kept = TuningReport.render(tuner, result, try await tuner.validate(policy: try #require(tuner.chosenPolicy(result))), command: "headroom tune")
        #expect(Self.chosenCells(kept).allSatisfy { $0 == "–" })
        #expect(!kept.contains("is shown as not used."))
    }
}
