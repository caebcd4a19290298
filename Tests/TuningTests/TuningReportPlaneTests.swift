import Simulator
import Testing

@testable import Tuning

/// The cost / time plane is drawn around the choice: far outliers sit on its edges.
@Suite struct TuningReportPlaneTests {
    static func points(baselineUnder: Double, unders: [Double], chosen: Int?) -> TuningReport.PlanePoints {
        TuningReport.PlanePoints(
            part: "fitting",
            scores: unders.enumerated().map { CandidateScore(underSeconds: $1, cost: 90 + Double($0), scalingActions: 10) },
            feasible: unders.map { _ in true }, baseline: CandidateScore(underSeconds: baselineUnder, cost: 100, scalingActions: 10),
            chosen: chosen, costLimit: 1)
    }

    @Test func theTimeAxisStopsAtFourTimesTheBaselinesAndCountsWhatIsAbove() {
        // Baseline 16 minutes, chosen 10; three candidates short for hours.
        let svg = TuningReport.plane(Self.points(baselineUnder: 960, unders: [600, 700, 30_000, 20_000, 9_000, 0], chosen: 0))
        // 4 × 16 min × 1.05 = 67m 12s: ticks every 15 minutes, none at the hours the outliers reach.
        #expect(svg.contains(">\(NumberText.duration(3600))</text>") && !svg.contains(">\(NumberText.duration(2 * 3600))</text>"))
        #expect(svg.contains(">3 short for longer than \(NumberText.duration(4 * 960 * 1.05)), on the top edge</text>"))
        // Every candidate is still drawn.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6 + 1)
    }

    @Test func aPlaneWhoseCandidatesAllFitIsNotStretched() {
        let svg = TuningReport.plane(Self.points(baselineUnder: 960, unders: [600, 700, 1_200], chosen: 0))
        // Up to 21 minutes: ticks every 5 minutes, the last at 20.
        #expect(svg.contains(">\(NumberText.duration(1_200))</text>") && !svg.contains(">\(NumberText.duration(1_500))</text>"))
        #expect(!svg.contains("on the top edge"))
    }

    @Test func neverShortBaselineAndChoiceGetAQuarterHour() {
        let svg = TuningReport.plane(Self.points(baselineUnder: 0, unders: [0, 0, 7_200], chosen: 1))
        #expect(svg.contains(">1 short for longer than \(NumberText.duration(900 * 1.05)), on the top edge</text>"))
    }

    @Test func costTicksAreRoundRatiosWithinTheAxis() {
        #expect(TuningReport.ratioTicks(from: 0.63, to: 1.83) == [0.8, 1.0, 1.2, 1.4, 1.6, 1.8])
        #expect(TuningReport.ratioTicks(from: 0.95, to: 1.07).count <= 6)
        #expect(TuningReport.ratioTicks(from: 0.95, to: 1.07).allSatisfy { (0.95...1.07).contains($0) })
        let wide = TuningReport.ratioTicks(from: 0, to: 40)
        #expect(wide.count <= 6 && wide.first == 0 && (wide.last ?? 0) <= 40)
    }
}
