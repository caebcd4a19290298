import Foundation
import PolicyFiles
import Simulator

/// The HTML page of a tuning run, in the simulator report's style: every candidate on the
/// cost / under-provisioned-time plane of the fitting part (scaling actions as colour), the
/// baseline and the chosen policy marked, the Pareto front drawn; then both policies' scores
/// and timelines on the validation part, which the search never saw.
public enum TuningReport {
    /// - Parameters:
    ///   - hindsight: every candidate scored on the validation part (`--hindsight`): drawn on a
    ///     second plane after the chosen policy's scores.
    ///   - changes: the settings the tuned file changes from the baseline, listed after the scores.
    ///   - refit: the same search run again on the whole trace (`--refit`), whose policy was written.
    public static func render(
        _ tuner: Tuner, _ search: TuningSearchResult, _ validation: TuningValidation?, command: String, hindsight: TuningHindsight? = nil,
        changes: [PolicySettingChange]? = nil, refit: TuningRefit? = nil
    ) -> String {
        let trace = tuner.trace
        let title = "\(trace.name) × \(tuner.scenario.name): tuning \(tuner.baseline.name)"
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Headroom tuning: \(HTMLText.escape(title))</title>
            <style>\(HTMLReport.stylesheet)\(style)</style>
            </head>
            <body>
            <header>
            <p class="eyebrow">Headroom tuning report</p>
            <h1>\(HTMLText.escape(title))</h1>
            <p class="lede">\(HTMLText.escape(summary(tuner, search)))</p>
            <p class="note"><code>\(HTMLText.escape(command))</code></p>
            \(tuner.traceWarnings.map { "<p class=\"warning\">Warning: \(HTMLText.escape($0))</p>" }.joined(separator: "\n"))
            </header>
            <main>
            <section>
            <h2>Candidates on the fitting part</h2>
            <p class="note">Each dot is one candidate policy simulated on the fitting part: its cost against the baseline's (×) across, its under-provisioned time up. Colour is its scaling actions against the baseline's. Hollow dots broke a constraint. The line joins the Pareto front: the candidates no other candidate beats on both cost and time.</p>
            \(plane(.fitting(tuner, search)))
            </section>

            """
        if let validation {
            var summary = TuningSummary(tuner: tuner, search: search, validation: validation, command: command, outputPath: nil)
            summary.refit = refit
            if let kept = summary.keptBaselineText {
                let heading = refit == nil ? "The baseline was kept" : "The validated search kept the baseline"
                html += "<section><h2>\(heading)</h2><p>\(HTMLText.escape(kept))</p></section>\n"
            }
            html += scoresSection(tuner, validation, margin: summary.marginText, warning: summary.validationWarning, refitted: refit != nil)
            html += stretchesSection(tuner, validation.stretches)
            if let refit { html += refitSection(tuner, refit, kept: summary.refitKeptText) }
            if let changes { html += changesSection(changes, refitted: refit != nil) }
            if let hindsight {
                html += "<section>\n<h2>Candidates on the validation part, in hindsight</h2>\n"
                html += "<p class=\"note\">The same candidates, each replayed over the whole trace and scored on the validation part after the choice was made: how the search's choice compares with the best it had tried, on time it never saw. Hollow dots broke a constraint there (against the baseline's scores there, no margin). Never use it to pick a policy: that would be fitting on the test.</p>\n"
                html += plane(.validation(tuner, search, hindsight))
                html += "</section>\n"
                if let searched = hindsight.search {
                    html += "<section>\n<h2>A search on the validation part itself</h2>\n"
                    html += "<p class=\"note\">The same search (space, budget, seed) run again with the validation part as its fitting part: it was allowed to look, so its front shows how far the search space reaches on that traffic. Where no solid dot is at or below half the baseline&#39;s time, no policy the search can find would have met that goal there, whatever had been chosen. Fitted on the test: never deploy a policy from it.</p>\n"
                    html += plane(.searchedValidation(tuner, searched))
                    html += "</section>\n"
                }
            }
            html += HTMLReport.policySections(validation.report)
        } else {
            html += "<section><h2>Nothing to validate</h2><p>No candidate met the constraints on the fitting part, so no policy was written. The front above shows the best that was found; loosen the constraints (--max-cost-ratio, --max-actions-ratio, --cost-margin) or raise --budget.</p></section>\n"
        }
        html += knobsSection(tuner, search.keepsBaseline ? nil : search.best)
        html += """
            </main>
            <footer>Physics and scores: shared/SIMULATION.md. The search saw only the fitting part; the validation part was replayed after it, with the whole trace, and only its steps were scored.</footer>
            </body>
            </html>

            """
        return html
    }

    static func summary(_ tuner: Tuner, _ search: TuningSearchResult) -> String {
        let trace = tuner.trace
        let fit = tuner.split.fitSteps, validation = tuner.split.validationSteps
        let constraints = tuner.objective.constraints
        var text = "Fitted on \(trace.timestampText(ofStep: fit.lowerBound)) until \(trace.timestampText(ofStep: fit.upperBound)) "
        text += "(\(fit.count) steps); validated on \(trace.timestampText(ofStep: validation.lowerBound)) until \(trace.endText) "
        text += "(\(validation.count) steps), which the search never read. Objective: least under-provisioned time on the fitting part "
        text += "(\(TuningSummary.tieBreakText)), "
        text += "with cost ≤ \(constraints.maxCostRatio) × the baseline's there"
        if constraints.costMarginDeviations > 0 {
            text += " less a margin of \(constraints.costMarginDeviations) × the candidate's spread (the standard deviation of its cost ratio to the baseline across the fitting part's quarters), on the whole part and on its last quarter"
        }
        text += ", and scaling actions ≤ \(constraints.maxActionsRatio) × the baseline's there. "
        text += "\(search.candidates.count) of \(tuner.budget) candidates simulated, \(search.behaviours) different behaviours (seed \(tuner.seed))"
        text += search.interrupted ? ", interrupted." : "."
        return text
    }

    private static func scoresSection(_ tuner: Tuner, _ validation: TuningValidation, margin: String?, warning: String?, refitted: Bool) -> String {
        var html = "<section>\n<h2>Chosen against baseline</h2>\n"
        html += scoresTable([
            ScoresRow(part: "fitting", name: tuner.tunedName, scores: validation.chosenFit, base: validation.baselineFit),
            ScoresRow(part: "fitting", name: tuner.baseline.name, scores: validation.baselineFit, base: validation.baselineFit),
            ScoresRow(part: "validation", name: tuner.tunedName, scores: validation.chosenValidation, base: validation.baselineValidation, highlighted: true),
            ScoresRow(part: "validation", name: tuner.baseline.name, scores: validation.baselineValidation, base: validation.baselineValidation),
        ])
        if let margin { html += "<p class=\"note\">Cost margin: \(HTMLText.escape(margin)).</p>\n" }
        if let warning { html += "<p class=\"warning\">Warning: \(HTMLText.escape(warning))</p>\n" }
        html += "<p class=\"note\">The validation rows are the result: time the search never saw. Timelines of both on the validation part follow.</p>\n"
        if refitted {
            html += "<p class=\"note\">These rows are the policy the search fitted on the first part; the written policy is the same search&#39;s fit to the whole trace (below).</p>\n"
        }
        html += "</section>\n"
        return html
    }

    /// One row of ``scoresTable(_:)``: a policy's scores on a part, and the baseline's there.
    struct ScoresRow {
        var part: String
        var name: String
        var scores: SimulationScores
        var base: SimulationScores
        var highlighted = false
    }

    /// A table of policies' cost, under-provisioned time and scaling actions, each as a multiple
    /// of the baseline's on the same part.
    static func scoresTable(_ rows: [ScoresRow]) -> String {
        var html = "<div class=\"scroll\"><table class=\"scores\">\n"
        html += "<thead><tr><th class=\"text\">part</th><th class=\"text\">policy</th><th>cost</th><th>cost × baseline</th><th>under-provisioned</th><th>under × baseline</th><th>scaling actions</th></tr></thead>\n<tbody>\n"
        for row in rows {
            let scores = row.scores, base = row.base
            html += row.highlighted ? "<tr class=\"best\">" : "<tr>"
            html += "<td class=\"text\">\(row.part)</td><td class=\"text\">\(HTMLText.escape(row.name))</td>"
            html += "<td>\(NumberText.fixed(scores.cost, 2))</td><td>\(ratio(scores.cost, base.cost))</td>"
            html += "<td>\(NumberText.duration(scores.underProvisionedSeconds))</td><td>\(ratio(scores.underProvisionedSeconds, base.underProvisionedSeconds))</td>"
            html += "<td>\(scores.scalingActions)</td></tr>\n"
        }
        return html + "</tbody></table></div>\n"
    }

    static func ratio(_ value: Double, _ base: Double) -> String {
        if base == 0 { return value == 0 ? "–" : "∞" }
        return "×" + NumberText.fixed(value / base, 3)
    }

    private static func changesSection(_ changes: [PolicySettingChange], refitted: Bool) -> String {
        var html = "<section>\n<h2>Changed from the baseline\(refitted ? " in the refitted policy, as written" : "")</h2>\n"
        guard !changes.isEmpty else {
            return html + "<p>Nothing: every setting is as the baseline has it (written out in full).</p>\n</section>\n"
        }
        html += "<div class=\"scroll\"><table class=\"scores changes\">\n"
        html += "<thead><tr><th class=\"text\">setting</th><th class=\"text\">baseline</th><th class=\"text\">tuned</th></tr></thead>\n<tbody>\n"
        for change in changes {
            // A setting wraps at its dots (`TargetTracking.<wbr>ScaleIn.<wbr>Cooldown`), not inside a word.
            let setting = HTMLText.escape(change.setting).replacingOccurrences(of: ".", with: ".<wbr>")
            html += "<tr><td class=\"text\"><code>\(setting)</code></td>"
            html += "<td class=\"text\">\(HTMLText.escape(change.baseline ?? "none"))</td><td class=\"text\">\(HTMLText.escape(change.tuned ?? "none"))</td></tr>\n"
        }
        html += "</tbody></table></div>\n<p class=\"note\">Both written out in full, so a setting the baseline's kind implies counts as its value.</p>\n</section>\n"
        return html
    }

    private static func knobsSection(_ tuner: Tuner, _ best: TuningCandidate?) -> String {
        var html = "<section>\n<h2>The search space</h2>\n"
        if best != nil {
            html += "<p class=\"note\">\(HTMLText.escape(Self.notUsedNote))</p>\n"
        }
        html += "<div class=\"scroll\"><table class=\"scores\">\n"
        html += "<thead><tr><th class=\"text\">knob</th><th class=\"text\">values searched</th><th class=\"text\">chosen</th></tr></thead>\n<tbody>\n"
        for knob in tuner.space.knobs {
            let chosen =
                best.map { best in
                    tuner.space.isInUse(knob.id, in: best.genome)
                        ? TuningSearchSpace.Knob.text(tuner.space.value(knob.id, in: best.genome)) : Self.notUsed
                } ?? "–"
            html += "<tr><td class=\"text\">\(HTMLText.escape(knob.id.summary))</td><td class=\"text\">\(HTMLText.escape(knob.valuesText))</td><td class=\"text\">\(chosen)</td></tr>\n"
        }
        html += "</tbody></table></div>\n</section>\n"
        return html
    }

    /// What the chosen column says of a knob whose part the chosen policy leaves off.
    static let notUsed = "not used"
    static let notUsedNote =
        "A knob of a part the chosen policy leaves off (a buffer's window with the buffer off, an alarm's threshold with no alarm, a warm pool's size with no pool) has no effect, and is shown as not used."

    // MARK: The cost / under-provisioned-time plane

    /// From teal (none) through blue (the baseline's count) to red (twice it).
    static func actionColor(_ share: Double) -> String {
        let stops: [(Double, Double, Double)] = [(13, 148, 136), (37, 99, 235), (220, 38, 38)]
        let position = Swift.min(Swift.max(share, 0), 1) * 2
        let index = Swift.min(1, Int(position))
        let t = position - Double(index)
        let a = stops[index], b = stops[index + 1]
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * t).rounded()) }
        return "rgb(\(mix(a.0, b.0)),\(mix(a.1, b.1)),\(mix(a.2, b.2)))"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static let style = """

        .scroll { overflow-x: auto; }
        /* A buffer or warm pool written out is a long value: wrap it rather than scroll the table. */
        .scores.changes td { white-space: normal; overflow-wrap: anywhere; }
        .scores.changes code { word-break: normal; }
        .scores td.worse { color: #b91c1c; font-weight: 600; }
        .chart .front { fill: none; stroke: #111827; stroke-width: 1.5; }
        .chart .limit { stroke: #d97706; stroke-width: 1; stroke-dasharray: 4 3; }
        .chart .baseline { fill: #111827; }
        .chart .chosen { fill: none; stroke: #d97706; stroke-width: 2.5; }
        .chart .label { font-size: 12px; fill: #111827; font-weight: 600; }
        code { font-size: 12px; word-break: break-all; }

        """
}
