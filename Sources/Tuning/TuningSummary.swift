import PolicyFiles
import Simulator

/// What a tuning run prints and writes into the tuned file's header: the windows, the
/// constraints, and both policies' scores on both parts.
public struct TuningSummary: Sendable {
    public let tuner: Tuner
    public let search: TuningSearchResult
    public let validation: TuningValidation?
    /// The command line that reproduces the run.
    public let command: String
    /// Where the tuned policy was written, if it was.
    public let outputPath: String?
    /// Every candidate scored on the validation part, when asked for (`--hindsight`).
    public let hindsight: TuningHindsight?
    /// The settings the tuned file writes differently from the baseline
    /// (`TunedPolicyDocument.changes`); `nil` when there is no tuned file. With ``refit``, the
    /// refitted policy's: it is the one written.
    public var changes: [PolicySettingChange]?
    /// The same search run again over the whole trace after validation (`--refit`): the written policy.
    public var refit: TuningRefit?

    public init(
        tuner: Tuner, search: TuningSearchResult, validation: TuningValidation?, command: String, outputPath: String?,
        hindsight: TuningHindsight? = nil
    ) {
        self.tuner = tuner
        self.search = search
        self.validation = validation
        self.command = command
        self.outputPath = outputPath
        self.hindsight = hindsight
    }

    private var trace: Trace { tuner.trace }

    func window(_ steps: Range<Int>) -> String {
        "\(trace.timestampText(ofStep: steps.lowerBound)) until \(trace.timestampText(ofStep: steps.upperBound)) (\(steps.count) steps)"
    }

    public var constraintsText: String {
        let c = tuner.objective.constraints
        let cost = "cost ≤ \(TuningSearchSpace.Knob.text(c.maxCostRatio)) × the baseline's"
        let margin = c.costMarginDeviations > 0 ? " less \(TuningSearchSpace.Knob.text(c.costMarginDeviations)) × the candidate's quarter-to-quarter spread (on the whole part and on its last quarter)" : ""
        return "\(cost)\(margin) and scaling actions ≤ \(TuningSearchSpace.Knob.text(c.maxActionsRatio)) × the baseline's on the fitting part"
    }

    /// What the cost margin was and what it did to the chosen policy: its cost ratio on each
    /// quarter of the fitting part, their spread, and the margin that spread asked for.
    public var marginText: String? {
        guard let validation else { return nil }
        let c = tuner.objective.constraints
        let ratios = validation.chosenFitCostRatios
        let spread = FittingMeter.spread(ratios)
        var text = "cost × baseline by quarter of the fitting part: "
        text += ratios.map { NumberText.fixed($0, 3) }.joined(separator: ", ")
        text += "; spread \(NumberText.fixed(spread, 3))"
        if c.costMarginDeviations > 0 {
            let margin = c.costMarginDeviations * spread
            text += ", so its cost, on the whole part and on the last quarter, had to stay \(NumberText.fixed(100 * margin, 1)) % of the baseline's under the limit"
            text += " (--cost-margin \(TuningSearchSpace.Knob.text(c.costMarginDeviations)))"
        } else {
            text += "; no margin (--cost-margin 0)"
        }
        return text
    }

    /// What the validation part says when the tuned policy broke a constraint there, or was
    /// short longer than the baseline: the fit did not carry over to later traffic. `nil` when
    /// it held, or when the baseline's settings were kept.
    public var validationWarning: String? {
        guard let validation, !search.keepsBaseline else { return nil }
        let c = tuner.objective.constraints
        let chosen = validation.chosenValidation, base = validation.baselineValidation
        // The outcome against the limits themselves: the margin was a forecast of this.
        let limits = TuningObjective(constraints: c.withoutMargin, baseline: CandidateScore(base))
        var broken: [String] = []
        if chosen.cost > limits.costLimit * (1 + 1e-12) {
            broken.append("cost \(TuningReport.ratio(chosen.cost, base.cost)) of the baseline's (--max-cost-ratio \(TuningSearchSpace.Knob.text(c.maxCostRatio)))")
        }
        if Double(chosen.scalingActions) > limits.actionLimit {
            broken.append("\(chosen.scalingActions) scaling actions against the baseline's \(base.scalingActions) (--max-actions-ratio \(TuningSearchSpace.Knob.text(c.maxActionsRatio)))")
        }
        if chosen.underProvisionedSeconds > base.underProvisionedSeconds {
            broken.append("under-provisioned \(NumberText.duration(chosen.underProvisionedSeconds)) against the baseline's \(NumberText.duration(base.underProvisionedSeconds))")
        }
        guard !broken.isEmpty else { return nil }
        return "on the validation part the tuned policy had " + broken.joined(separator: " and ")
            + ": what the search found on the fitting part did not carry over to later traffic. Read the report before deploying it; "
            + "a longer trace, or a larger --cost-margin, gives the search more to go on."
    }

    /// How equally short candidates are ranked (``TuningObjective/isBetter(_:than:)``).
    static var tieBreakText: String {
        "equally short: least short with \(FittingMeter.surgePercent) % more load, then cheapest"
    }

    /// Why the tuned policy is the baseline's settings, when it is.
    public var keptBaselineText: String? {
        let kept =
            refit == nil
            ? "The tuned policy keeps the baseline's settings." : "The policy validated keeps the baseline's settings; the refit below is what was written."
        return keptText(search, of: tuner, part: "the fitting part", kept: kept)
    }

    /// Why `search` kept the baseline's settings on `part`, with its best candidate's scores
    /// there and the flag that writes the candidate anyway; `nil` when it wrote its choice.
    /// The validated search and the refit say it the same way.
    func keptText(_ search: TuningSearchResult, of tuner: Tuner, part: String, kept: String) -> String? {
        guard let reason = search.keptBaseline, let best = search.best?.score else { return nil }
        let base = tuner.objective.baseline
        let scores =
            "under-provisioned \(NumberText.duration(best.underSeconds)) at \(TuningReport.ratio(best.cost, base.cost)) of its cost, "
            + "the baseline \(NumberText.duration(base.underSeconds))"
        switch reason {
        case .shortFit:
            return "The best candidate beat the baseline on \(part) (\(scores)), but each quarter of \(part) "
                + "(\(NumberText.duration(Double(tuner.quarterSeconds)))) is shorter than the baseline's slowest reaction "
                + "(\(NumberText.duration(Double(tuner.slowestReactionSeconds)))), too short to tell a gain that carries over from one that does not. "
                + "\(kept) --allow-short-fit writes the candidate anyway."
        case .quarterLoss(let loss):
            return "The best candidate beat the baseline on \(part) (\(scores)), but \(Self.quarterLossText(loss, of: part, window: window(loss.steps))): "
                + "a gain that does not hold on every stretch of \(part) is unlikely to hold on later traffic. \(kept) --allow-uneven-fit writes the candidate anyway."
        case .noBetterCandidate:
            // Equally short, the surge decided (TuningObjective.isBetter): say so, or "cheaper" reads as a win.
            let surge =
                best.underSeconds == base.underSeconds
                ? "; with \(FittingMeter.surgePercent) % more load it would have been short "
                    + "\(NumberText.duration(best.surgeUnderSeconds)), the baseline \(NumberText.duration(base.surgeUnderSeconds))" : ""
            return "No candidate beat the baseline on \(part) within the constraints: the best was \(scores)\(surge). \(kept)"
        }
    }

    /// Where the best candidate lost time to the baseline: "on quarter 2 of the fitting part, …, it was …".
    static func quarterLossText(_ loss: QuarterTimeLoss, of part: String, window: String) -> String {
        "on quarter \(loss.ordinal) of \(part), \(window), it was under-provisioned "
            + "\(NumberText.duration(loss.chosenUnderSeconds)) against the baseline's \(NumberText.duration(loss.baselineUnderSeconds))"
    }

    /// ``QuarterTimeLoss`` for scripts, or `null`.
    func quarterLossJSON(_ loss: QuarterTimeLoss?) -> String {
        guard let loss else { return "null" }
        return "{\"quarter\": \(loss.ordinal), \"window\": \(windowJSON(loss.steps)), "
            + "\"tunedUnderProvisionedSeconds\": \(NumberText.json(loss.chosenUnderSeconds)), "
            + "\"baselineUnderProvisionedSeconds\": \(NumberText.json(loss.baselineUnderSeconds))}"
    }

    /// The tuned file's header comment, one line each.
    public var headerLines: [String] {
        var lines = [
            "Tuned by `headroom tune` from the baseline '\(tuner.baseline.name)' on the trace '\(trace.name)' under the scenario '\(tuner.scenario.name)'.",
            "Fitted on:    \(window(tuner.split.fitSteps))",
            "Validated on: \(window(tuner.split.validationSteps)), which the search never read",
            "Objective: least under-provisioned time (\(Self.tieBreakText)), with \(constraintsText).",
            "\(search.candidates.count) candidates simulated, \(search.behaviours) different behaviours (budget \(tuner.budget), seed \(tuner.seed))\(search.interrupted ? ", interrupted: the best found so far" : "").",
            "",
        ]
        if let keptBaselineText { lines += [keptBaselineText, ""] }
        for warning in tuner.traceWarnings { lines += ["Warning: \(warning)", ""] }
        if let validation {
            lines.append(row("", "policy", "under-provisioned", "cost", "scaling actions"))
            lines.append(row("fitting", tuner.tunedName, validation.chosenFit))
            lines.append(row("fitting", tuner.baseline.name, validation.baselineFit))
            lines.append(row("validation", tuner.tunedName, validation.chosenValidation))
            lines.append(row("validation", tuner.baseline.name, validation.baselineValidation))
            lines.append("")
            lines += ["On the validation part by \(validation.stretches.length.rawValue), the tuned policy was \(validation.stretches.text).", ""]
            if let marginText { lines += ["Cost margin: \(marginText).", ""] }
            lines += refitHeaderLines
            if let changes {
                lines += ["Changed from the baseline: \(changesCountText(changes))"] + changes.map { "  \($0.text)" } + [""]
            }
            if let validationWarning { lines += ["Warning: \(validationWarning)", ""] }
        }
        lines.append("Reproduce: \(command)")
        return lines
    }

    func row(_ part: String, _ name: String, _ scores: SimulationScores) -> String {
        row(part, name, NumberText.duration(scores.underProvisionedSeconds), NumberText.fixed(scores.cost, 2), String(scores.scalingActions))
    }

    func row(_ part: String, _ name: String, _ under: String, _ cost: String, _ actions: String) -> String {
        let width = Swift.max(tuner.tunedName.count, tuner.baseline.name.count, 6)
        func pad(_ text: String, _ count: Int, right: Bool = false) -> String {
            let space = String(repeating: " ", count: Swift.max(0, count - text.count))
            return right ? space + text : text + space
        }
        return pad(part, 11) + pad(name, width + 2) + pad(under, 18, right: true) + pad(cost, 12, right: true) + pad(actions, 17, right: true)
    }

    /// The text printed at the end of a run.
    public func table() -> String {
        var out = "\(trace.name) × \(tuner.scenario.name): tuned '\(tuner.baseline.name)'\n"
        out += "fitted on    \(window(tuner.split.fitSteps))\n"
        out += "validated on \(window(tuner.split.validationSteps)), never read by the search\n"
        out += "objective:   least under-provisioned time (\(Self.tieBreakText)), with \(constraintsText)\n"
        out += "searched:    \(search.candidates.count) of \(tuner.budget) candidates (\(search.behaviours) different behaviours), seed \(tuner.seed)\(search.interrupted ? " (interrupted)" : "")\n\n"
        guard let validation else {
            out += "No candidate met the constraints on the fitting part; no policy was written.\n"
            if let closest = closestInfeasible {
                out += "Closest: cost ×\(NumberText.fixed(closest.cost / Swift.max(tuner.objective.baseline.cost, .leastNonzeroMagnitude), 3)) and "
                out += "\(closest.scalingActions) scaling actions (baseline: \(tuner.objective.baseline.scalingActions)).\n"
            }
            return out
        }
        if let keptBaselineText { out += "kept:        \(keptBaselineText)\n\n" }
        out += row("", "policy", "under-provisioned", "cost", "scaling actions") + "\n"
        out += row("fitting", tuner.tunedName, validation.chosenFit) + "\n"
        out += row("fitting", tuner.baseline.name, validation.baselineFit) + "\n"
        out += row("validation", tuner.tunedName, validation.chosenValidation) + "\n"
        out += row("validation", tuner.baseline.name, validation.baselineValidation) + "\n\n"
        if let marginText { out += "margin:      \(marginText)\n" }
        var changesText = ""
        if let changes {
            changesText += "changed:     \(changesCountText(changes))\n"
            for change in changes { changesText += "             \(change.text)\n" }
        }
        // With a refit the changes are the refitted policy's, so they follow it.
        if refit == nil { out += changesText }
        let chosen = validation.chosenValidation, base = validation.baselineValidation
        out += "on the validation part: under-provisioned \(TuningReport.ratio(chosen.underProvisionedSeconds, base.underProvisionedSeconds)), "
        out += "cost \(TuningReport.ratio(chosen.cost, base.cost)), scaling actions \(TuningReport.ratio(Double(chosen.scalingActions), Double(base.scalingActions))) of the baseline's\n"
        out += "by \(validation.stretches.length.rawValue):".padding(toLength: 13, withPad: " ", startingAt: 0) + validation.stretches.text + "\n"
        if let hindsightText { out += "hindsight:   \(hindsightText)\n" }
        if let hindsightSearchText { out += "             \(hindsightSearchText)\n" }
        if refit != nil { out += refitTableText + changesText }
        if let outputPath { out += "wrote \(outputPath)\n" }
        return out
    }

    /// What every candidate did on the validation part, in one sentence (`--hindsight`).
    public var hindsightText: String? {
        guard let hindsight else { return nil }
        return "of the \(hindsight.scores.count) candidates scored on the validation part (a check of the search, not used to choose), "
            + Self.shortestText(hindsight, none: "none met the constraints there") { "\($0) met the constraints there" }
    }

    /// What the search on the validation part reached there, in one sentence (`--hindsight`).
    public var hindsightSearchText: String? {
        guard let search = hindsight?.search else { return nil }
        return "a search of \(search.scores.count) candidates on the validation part itself (fitted on the test: evidence of reach, not a policy) "
            + Self.shortestText(search, none: "found none that met the constraints there") { "found \($0) that met the constraints there" }
    }

    /// How many candidates met the constraints on the validation part and how short the shortest
    /// of them was there, against the baseline: the end of both hindsight sentences.
    private static func shortestText(_ hindsight: TuningHindsight, none: String, count: (Int) -> String) -> String {
        guard let index = hindsight.shortestWithinConstraints else { return none }
        let best = hindsight.scores[index], base = hindsight.baseline
        return "\(count(hindsight.withinConstraints.count)); the shortest was under-provisioned \(NumberText.duration(best.underSeconds)) "
            + "(\(TuningReport.ratio(best.underSeconds, base.underSeconds)) of the baseline's) at \(TuningReport.ratio(best.cost, base.cost)) of its cost"
    }

    private func changesCountText(_ changes: [PolicySettingChange]) -> String {
        let count =
            switch changes.count {
            case 0: "nothing (every setting as the baseline has it, written out)"
            case 1: "1 setting"
            default: "\(changes.count) settings"
            }
        return refit == nil ? count : count + " (the refitted policy, as written)"
    }

    private var changesJSON: String? {
        changes.map { changes in
            "[" + changes.map { change in
                "{\"setting\": \(JSONText.string(change.setting)), \"baseline\": \(change.baseline.map(JSONText.string) ?? "null"), \"tuned\": \(change.tuned.map(JSONText.string) ?? "null")}"
            }.joined(separator: ", ") + "]"
        }
    }

    /// The infeasible candidate nearest the constraints, when none met them.
    var closestInfeasible: CandidateScore? {
        search.candidates.min { tuner.objective.violation($0.score) < tuner.objective.violation($1.score) }?.score
    }

    /// The run as JSON for scripts: windows, constraints, search counts, the four score sets
    /// (`fit`/`validation` × `tuned`/`baseline`, each as `headroom simulate` writes scores),
    /// the Pareto front of the candidates on the fitting part (cheapest first), and with
    /// `--refit` the refit (its window, search counts and both policies' scores on it).
    public func json() -> String {
        let split = tuner.split
        let c = tuner.objective.constraints
        var out = "{\n"
        out += "  \"trace\": \(JSONText.string(trace.name)),\n"
        out += "  \"scenario\": \(JSONText.string(tuner.scenario.name)),\n"
        out += "  \"baseline\": \(JSONText.string(tuner.baseline.name)),\n"
        out += "  \"tuned\": \(JSONText.string(tuner.tunedName)),\n"
        out += "  \"output\": \(outputPath.map(JSONText.string) ?? "null"),\n"
        out += "  \"fit\": \(windowJSON(split.fitSteps)),\n"
        out += "  \"validation\": \(windowJSON(split.validationSteps)),\n"
        out += "  \"constraints\": {\"maxCostRatio\": \(NumberText.json(c.maxCostRatio)), \"maxActionsRatio\": \(NumberText.json(c.maxActionsRatio)), "
        out += "\"costMarginDeviations\": \(NumberText.json(c.costMarginDeviations))},\n"
        out += "  \"budget\": \(tuner.budget),\n"
        out += "  \"seed\": \(tuner.seed),\n"
        out += "  \"evaluated\": \(search.candidates.count),\n"
        out += "  \"behaviours\": \(search.behaviours),\n"
        out += "  \"feasible\": \(search.candidates.filter(\.feasible).count),\n"
        out += "  \"interrupted\": \(search.interrupted),\n"
        out += "  \"keptBaseline\": \(search.keepsBaseline),\n"
        out += "  \"keptForShortFit\": \(search.keptForShortFit),\n"
        out += "  \"keptForQuarterLoss\": \(quarterLossJSON(search.keptForQuarterLoss)),\n"
        out += "  \"validationWarning\": \(validationWarning.map(JSONText.string) ?? "null"),\n"
        out += "  \"capacityWarning\": \(tuner.capacityWarning.map(JSONText.string) ?? "null"),\n"
        out += "  \"shortFittingWarning\": \(tuner.shortFittingWarning.map(JSONText.string) ?? "null"),\n"
        out += "  \"shortStretchWarning\": \(tuner.shortStretchWarning.map(JSONText.string) ?? "null"),\n"
        out += "  \"startWarning\": \(tuner.startWarning.map(JSONText.string) ?? "null"),\n"
        if let validation {
            out += "  \"scores\": {\n"
            out += "    \"fit\": {\"tuned\": \(scoresJSON(validation.chosenFit)), \"baseline\": \(scoresJSON(validation.baselineFit))},\n"
            out += "    \"validation\": {\"tuned\": \(scoresJSON(validation.chosenValidation)), \"baseline\": \(scoresJSON(validation.baselineValidation))}\n"
            out += "  },\n"
            let ratios = validation.chosenFitCostRatios, spread = FittingMeter.spread(ratios)
            out += "  \"costMargin\": {\"fitQuarterCostRatios\": [\(ratios.map(NumberText.json).joined(separator: ", "))], "
            out += "\"spread\": \(NumberText.json(spread)), \"margin\": \(NumberText.json(c.costMarginDeviations * spread))},\n"
            out += "  \"validationStretches\": \(stretchesJSON(validation.stretches)),\n"
        } else {
            out += "  \"scores\": null,\n"
            out += "  \"costMargin\": null,\n"
            out += "  \"validationStretches\": null,\n"
        }
        let scores = search.candidates.map(\.score)
        let front = ParetoFront.indices(scores).map { index in
            "{\"candidate\": \(index), \"cost\": \(NumberText.json(scores[index].cost)), \"underProvisionedSeconds\": \(NumberText.json(scores[index].underSeconds)), \"scalingActions\": \(scores[index].scalingActions), \"feasible\": \(search.candidates[index].feasible)}"
        }
        out += "  \"paretoFront\": [" + front.joined(separator: ", ") + "],\n"
        out += "  \"changes\": \(changesJSON ?? "null"),\n"
        out += "  \"refit\": \(refitJSON ?? "null"),\n"
        out += "  \"hindsight\": \(hindsightJSON ?? "null"),\n"
        out += "  \"command\": \(JSONText.string(command))\n"
        out += "}\n"
        return out
    }

    /// The candidates on the validation part: the baseline's scores there, the shortest candidate
    /// that met the constraints there, and the Pareto front, cheapest first; then the same for the
    /// search run on the validation part itself.
    private var hindsightJSON: String? {
        guard let hindsight else { return nil }
        let base = hindsight.baseline
        var out = "{\"evaluated\": \(hindsight.scores.count), "
        out += "\"baseline\": {\"cost\": \(NumberText.json(base.cost)), \"underProvisionedSeconds\": \(NumberText.json(base.underSeconds)), \"scalingActions\": \(base.scalingActions)}, "
        out += "\"chosenCandidate\": \(search.keepsBaseline ? "null" : search.best.map { String($0.index) } ?? "null"), "
        out += Self.candidatesJSON(hindsight) { ", \"feasibleOnFit\": \(search.candidates[$0].feasible)" } + ", "
        out += "\"search\": \(hindsight.search.map { "{\"evaluated\": \($0.scores.count), " + Self.candidatesJSON($0) { _ in "" } + "}" } ?? "null")}"
        return out
    }

    /// `withinConstraints`, `shortestWithinConstraints` and `front` of candidates scored on the
    /// validation part; `extra` adds fields to each point.
    private static func candidatesJSON(_ hindsight: TuningHindsight, extra: (Int) -> String) -> String {
        func point(_ index: Int) -> String {
            let score = hindsight.scores[index]
            return "{\"candidate\": \(index), \"cost\": \(NumberText.json(score.cost)), \"underProvisionedSeconds\": \(NumberText.json(score.underSeconds)), "
                + "\"scalingActions\": \(score.scalingActions), \"meetsConstraints\": \(hindsight.meetsConstraints(index))\(extra(index))}"
        }
        return "\"withinConstraints\": \(hindsight.withinConstraints.count), "
            + "\"shortestWithinConstraints\": \(hindsight.shortestWithinConstraints.map(point) ?? "null"), "
            + "\"front\": [" + hindsight.front.map(point).joined(separator: ", ") + "]"
    }

    func windowJSON(_ steps: Range<Int>) -> String {
        "{\"from\": \(JSONText.string(trace.timestampText(ofStep: steps.lowerBound))), \"until\": \(JSONText.string(trace.timestampText(ofStep: steps.upperBound))), \"steps\": \(steps.count)}"
    }

    /// The validation part day by day (or quarter by quarter), both policies on each.
    private func stretchesJSON(_ stretches: ValidationStretches) -> String {
        func score(_ score: ValidationStretches.Score) -> String {
            "{\"underProvisionedSeconds\": \(NumberText.json(score.underSeconds)), \"cost\": \(NumberText.json(score.cost))}"
        }
        let items = stretches.stretches.map { stretch in
            "{\"from\": \(JSONText.string(trace.timestampText(ofStep: stretch.steps.lowerBound))), "
                + "\"until\": \(JSONText.string(trace.timestampText(ofStep: stretch.steps.upperBound))), "
                + "\"tuned\": \(score(stretch.tuned)), \"baseline\": \(score(stretch.baseline))}"
        }
        return "{\"length\": \"\(stretches.length.rawValue)\", \"shorter\": \(stretches.shorter), \"asShort\": \(stretches.asShort), "
            + "\"longer\": \(stretches.longer), \"dearer\": \(stretches.dearer.count), \"stretches\": [" + items.joined(separator: ", ") + "]}"
    }

    func scoresJSON(_ scores: SimulationScores) -> String {
        "{" + scores.jsonFields.map { "\"\($0.name)\": \($0.value)" }.joined(separator: ", ") + "}"
    }
}
