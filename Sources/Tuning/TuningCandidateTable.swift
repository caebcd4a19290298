/// Every candidate a search tried, a CSV row each: what `headroom tune --candidates FILE.csv`
/// writes.
///
/// The report draws the candidates; this gives their numbers, for a notebook or a spreadsheet:
/// the whole trade-off the search saw (not only its front), the knob values behind each point,
/// which candidates were one behaviour (`same_as`), and with `--hindsight` how each did on the
/// validation part. docs/TUNING.md, "Every candidate, as a table", lists the columns.
///
/// The first row is the baseline, with its own settings (no knob values) and the scores the
/// constraints are measured against; then every candidate in the order the search tried it.
public enum TuningCandidateTable {
    /// The columns before the knobs: what the row is, then its scores on the fitting part.
    static let leadingColumns = [
        "candidate", "phase", "same_as", "chosen",
        "fit_under_seconds", "fit_surge_under_seconds", "fit_cost", "fit_cost_ratio", "fit_cost_spread",
        "fit_last_quarter_cost_ratio", "fit_margined_cost_ratio", "fit_scaling_actions", "fit_meets_constraints",
    ]
    /// Written only with hindsight scores, after the leading ones.
    static let validationColumns = ["validation_under_seconds", "validation_cost", "validation_scaling_actions", "validation_meets_constraints"]

    /// The header: the score columns, then one column per knob of ``TuningSearchSpace`` in genome order.
    public static func header(_ space: TuningSearchSpace, withValidation: Bool) -> [String] {
        leadingColumns + (withValidation ? validationColumns : []) + space.knobs.map(\.id.columnName)
    }

    /// The table as CSV text, a line per row (the header first), each ending in a newline.
    /// - Parameter hindsight: the candidates' scores on the validation part, when `--hindsight` ran.
    public static func csv(_ tuner: Tuner, _ result: TuningSearchResult, hindsight: TuningHindsight? = nil) -> String {
        let objective = tuner.objective
        let base = objective.baseline.cost
        let chosenIndex = result.keepsBaseline ? nil : result.best?.index
        let knobBlanks = [String](repeating: "", count: tuner.space.knobs.count)

        func scores(_ score: CandidateScore, feasible: Bool) -> [String] {
            [
                number(score.underSeconds), number(score.surgeUnderSeconds), number(score.cost), ratio(score.cost, base),
                number(score.costRatioSpread), score.recentCostRatio.map(number) ?? "", ratio(objective.marginedCost(score), base),
                String(score.scalingActions), flag(feasible),
            ]
        }
        func validation(_ score: CandidateScore?) -> [String] {
            guard let hindsight else { return [] }
            guard let score else { return ["", "", "", ""] }
            return [number(score.underSeconds), number(score.cost), String(score.scalingActions), flag(hindsight.objective.isFeasible(score))]
        }

        var lines = [header(tuner.space, withValidation: hindsight != nil).joined(separator: ",")]
        lines.reserveCapacity(result.candidates.count + 2)
        let baselineRow =
            ["baseline", "baseline", "", flag(result.keepsBaseline && result.best != nil)]
            + scores(objective.baseline, feasible: objective.isFeasible(objective.baseline))
            + validation(hindsight?.baseline) + knobBlanks
        lines.append(baselineRow.joined(separator: ","))

        for (candidate, first) in zip(result.candidates, result.firstWithSameScores) {
            var row = [String(candidate.index), candidate.phase.rawValue, first == candidate.index ? "" : String(first)]
            row.append(flag(candidate.index == chosenIndex))
            // The search's own verdict, so the table says what the search decided.
            row += scores(candidate.score, feasible: candidate.feasible)
            let validationScore = hindsight.flatMap { candidate.index < $0.scores.count ? $0.scores[candidate.index] : nil }
            row += validation(validationScore)
            row += tuner.space.knobs.map { TuningSearchSpace.Knob.text(tuner.space.value($0.id, in: candidate.genome)) }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Whole numbers without a fraction; others as Swift writes a `Double`, which reads back the same.
    static func number(_ value: Double) -> String {
        value.isFinite ? TuningSearchSpace.Knob.text(value) : ""
    }

    static func ratio(_ value: Double, _ base: Double) -> String {
        base > 0 ? number(value / base) : ""
    }

    static func flag(_ value: Bool) -> String { value ? "1" : "0" }
}

extension TuningSearchSpace.KnobID {
    /// The knob's column in ``TuningCandidateTable``: its name in snake case (`scale_in_stabilization`).
    public var columnName: String {
        var name = ""
        for character in String(describing: self) {
            if character.isUppercase {
                name += "_" + character.lowercased()
            } else {
                name.append(character)
            }
        }
        return name
    }
}
