import Simulator

extension TuningReport {
    /// What one cost / under-provisioned-time plane draws: every candidate's scores on one part
    /// of the trace, against the baseline's there.
    struct PlanePoints {
        /// "fitting" or "validation", for the axis title.
        var part: String
        var scores: [CandidateScore]
        /// Whether each candidate met the constraints on that part.
        var feasible: [Bool]
        var baseline: CandidateScore
        /// The chosen candidate's index, unless the baseline's settings were kept.
        var chosen: Int?
        var costLimit: Double

        /// The candidates as the search scored them.
        static func fitting(_ tuner: Tuner, _ search: TuningSearchResult) -> PlanePoints {
            PlanePoints(
                part: "fitting", scores: search.candidates.map(\.score), feasible: search.candidates.map(\.feasible),
                baseline: tuner.objective.baseline, chosen: search.keepsBaseline ? nil : search.best?.index,
                costLimit: tuner.objective.constraints.maxCostRatio)
        }

        /// The same candidates on the validation part, scored afterwards (`--hindsight`).
        static func validation(_ tuner: Tuner, _ search: TuningSearchResult, _ hindsight: TuningHindsight) -> PlanePoints {
            PlanePoints(
                part: "validation", scores: hindsight.scores, feasible: hindsight.scores.indices.map(hindsight.meetsConstraints),
                baseline: hindsight.baseline, chosen: search.keepsBaseline ? nil : search.best?.index,
                costLimit: tuner.objective.constraints.maxCostRatio)
        }

        /// The candidates of the search run on the validation part itself (`--hindsight`).
        static func searchedValidation(_ tuner: Tuner, _ search: TuningHindsight) -> PlanePoints {
            PlanePoints(
                part: "validation", scores: search.scores, feasible: search.scores.indices.map(search.meetsConstraints),
                baseline: search.baseline, chosen: nil, costLimit: tuner.objective.constraints.maxCostRatio)
        }
    }

    /// The shortest time axis a plane gets, in hours, when the baseline and the chosen
    /// candidate are both (nearly) never short.
    static let minimumTimeSpanHours = 0.25

    /// Round cost ratios (steps of 1, 2 or 5 × 10ⁿ) within `[from, to]`, at most seven of them.
    static func ratioTicks(from: Double, to: Double) -> [Double] {
        let span = Swift.max(to - from, 1e-9)
        // A hair under span / 6, so that 1.83 − 0.63 still takes steps of 0.2.
        let step = ChartTicks.niceStep(atLeast: span / 6 * (1 - 1e-9))
        var ticks: [Double] = []
        var tick = (from / step).rounded(.up)
        while tick * step <= to + 1e-9 {
            ticks.append((tick * step * 100).rounded() / 100)
            tick += 1
        }
        return ticks
    }

    static func plane(_ points: PlanePoints) -> String {
        let width = 960.0, height = 420.0
        let left = 70.0, right = 20.0, top = 16.0, bottom = 46.0
        let base = points.baseline
        let scores = points.scores
        let baseCost = Swift.max(base.cost, .leastNonzeroMagnitude)
        let costs = scores.map { $0.cost / baseCost } + [1, points.costLimit]
        let unders = scores.map { $0.underSeconds / 3600 } + [base.underSeconds / 3600]
        // Outliers would squeeze the interesting region: the x axis stops at the 95th percentile.
        let sortedCosts = costs.sorted()
        let xMax = Swift.max(sortedCosts[Swift.min(sortedCosts.count - 1, Int(Double(sortedCosts.count) * 0.95))], 1.05) * 1.02
        let xMin = Swift.max(0, (sortedCosts.first ?? 0) * 0.98)
        // Likewise the time axis stops at 4 × the baseline's or the chosen one's time, where the
        // choice is made; a candidate short for longer sits on the top edge (counted in a note).
        let chosenHours = points.chosen.map { scores[$0].underSeconds / 3600 } ?? 0
        let span = Swift.min(unders.max() ?? 1, Swift.max(4 * base.underSeconds / 3600, 4 * chosenHours, Self.minimumTimeSpanHours))
        let yMax = Swift.max(span, 1e-9) * 1.05
        let above = scores.filter { $0.underSeconds / 3600 > yMax }.count
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ ratio: Double) -> Double { left + plotW * (Swift.min(ratio, xMax) - xMin) / Swift.max(xMax - xMin, 1e-9) }
        func y(_ hours: Double) -> Double { top + plotH - plotH * Swift.min(hours, yMax) / yMax }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">\n"
        svg += "<rect class=\"frame\" x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\"/>\n"
        // Whole minutes, hours or days on the time axis.
        for tick in ChartTicks.times(from: 0, to: Int64((yMax * 3600).rounded(.down)), maxTicks: 5).ticks {
            let hours = Double(tick) / 3600
            svg += "<line class=\"grid\" x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y(hours)))\" y2=\"\(f(y(hours)))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(left - 6))\" y=\"\(f(y(hours) + 4))\" text-anchor=\"end\">\(NumberText.tickDuration(tick))</text>\n"
        }
        for ratio in Self.ratioTicks(from: xMin, to: xMax) {
            svg += "<text class=\"tick\" x=\"\(f(x(ratio)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">×\(NumberText.fixed(ratio, 2))</text>\n"
        }
        svg += "<text class=\"axis-title\" x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">cost on the \(points.part) part, × the baseline's</text>\n"
        svg += "<text class=\"axis-title\" transform=\"translate(14 \(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">under-provisioned time</text>\n"
        if above > 0 {
            svg += "<text class=\"tick\" x=\"\(f(left + plotW - 6))\" y=\"\(f(top + 12))\" text-anchor=\"end\">\(above) short for longer than \(NumberText.duration(yMax * 3600)), on the top edge</text>\n"
        }
        let limit = points.costLimit
        if limit <= xMax {
            svg += "<line class=\"limit\" x1=\"\(f(x(limit)))\" x2=\"\(f(x(limit)))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\"/>"
            svg += "<text class=\"tick\" x=\"\(f(x(limit) + 4))\" y=\"\(f(top + 12))\">cost limit</text>\n"
        }
        let actionBase = Swift.max(1.0, Double(base.scalingActions))
        for (score, feasible) in zip(scores, points.feasible) {
            let share = Swift.min(1, Double(score.scalingActions) / actionBase / 2)
            let color = actionColor(share)
            let cx = f(x(score.cost / baseCost)), cy = f(y(score.underSeconds / 3600))
            if feasible {
                svg += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3\" fill=\"\(color)\" fill-opacity=\".75\"/>"
            } else {
                svg += "<circle cx=\"\(cx)\" cy=\"\(cy)\" r=\"3\" fill=\"none\" stroke=\"\(color)\" stroke-opacity=\".6\"/>"
            }
        }
        svg += "\n"
        let front = ParetoFront.indices(scores)
        if front.count > 1 {
            let points = front.map { "\(f(x(scores[$0].cost / baseCost))),\(f(y(scores[$0].underSeconds / 3600)))" }
            svg += "<polyline class=\"front\" points=\"\(points.joined(separator: " "))\"/>\n"
        }
        let bx = x(1), by = y(base.underSeconds / 3600)
        svg += "<rect class=\"baseline\" x=\"\(f(bx - 6))\" y=\"\(f(by - 6))\" width=\"12\" height=\"12\" transform=\"rotate(45 \(f(bx)) \(f(by)))\"/>"
        svg += "<text class=\"label\" x=\"\(f(bx + 10))\" y=\"\(f(by - 8))\">baseline</text>\n"
        if let chosen = points.chosen {
            let cx = x(scores[chosen].cost / baseCost), cy = y(scores[chosen].underSeconds / 3600)
            svg += "<circle class=\"chosen\" cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"8\"/>"
            svg += "<text class=\"label\" x=\"\(f(cx + 12))\" y=\"\(f(cy + 4))\">chosen</text>\n"
        }
        svg += "</svg>\n"
        let legend = """
            <ul class="legend">
            <li><span class="swatch" style="background:\(actionColor(0))"></span>few scaling actions</li>
            <li><span class="swatch" style="background:\(actionColor(0.5))"></span>as many as the baseline</li>
            <li><span class="swatch" style="background:\(actionColor(1))"></span>twice as many or more</li>
            <li><span class="swatch line" style="border-color:#111827"></span>Pareto front</li>
            <li>◆ baseline, ◯ chosen</li>
            </ul>

            """
        return legend + "<figure>\n" + svg + "</figure>\n"
    }
}
