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
        #expect(svg.contains(">1h</text>") && svg.contains(">45m</text>") && !svg.contains(">2h</text>"))
        #expect(svg.contains(">3 short for longer than \(NumberText.duration(4 * 960 * 1.05)), on the top edge</text>"))
        // Every candidate is still drawn.
        #expect(svg.components(separatedBy: "<circle").count - 1 == 6 + 1)
    }

    @Test func aPlaneWhoseCandidatesAllFitIsNotStretched() {
        let svg = TuningReport.plane(Self.points(baselineUnder: 960, unders: [600, 700, 1_200], chosen: 0))
        // Up to 21 minutes: ticks every 5 minutes, the last at 20.
        #expect(svg.contains(">20m</text>") && !svg.contains(">25m</text>"))
        #expect(!svg.contains("on the top edge"))
    }

    @Test func neverShortBaselineAndChoiceGetAQuarterHour() {
        let svg = TuningReport.plane(Self.points(baselineUnder: 0, unders: [0, 0, 7_200], chosen: 1))
        #expect(svg.contains(">1 short for longer than \(NumberText.duration(900 * 1.05)), on the top edge</text>"))
    }

    @Test func timeTicksOfDaysSayDaysAlone() {
        // A baseline short for a day: ticks every day, labelled short enough to sit
        // beside the axis ("3d 00h 00m" ran into the axis title).
        let svg = TuningReport.plane(Self.points(baselineUnder: 86_400, unders: [40_000, 50_000, 300_000], chosen: 0))
        for label in ["1d", "2d", "3d"] { #expect(svg.contains(">\(label)</text>"), "\(label)") }
        #expect(!svg.contains("00h 00m</text>"))
        #expect(NumberText.tickDuration(0) == "0" && NumberText.tickDuration(45) == "45 s" && NumberText.tickDuration(5_400) == "1h 30m")
        #expect(NumberText.tickDuration(129_600) == "1d 12h" && NumberText.tickDuration(86_400 + 60) == "1d")
    }

    @Test func costTicksAreRoundRatiosWithinTheAxis() {
        #expect(TuningReport.ratioTicks(from: 0.63, to: 1.83) == [0.8, 1.0, 1.2, 1.4, 1.6, 1.8])
        #expect(TuningReport.ratioTicks(from: 0.95, to: 1.07).count <= 6)
        #expect(TuningReport.ratioTicks(from: 0.95, to: 1.07).allSatisfy { (0.95...1.07).contains($0) })
        let wide = TuningReport.ratioTicks(from: 0, to: 40)
        #expect(wide.count <= 6 && wide.first == 0 && (wide.last ?? 0) <= 40)
    }
}
