import Simulator

extension TuningSummary {
    /// The refit in the tuned file's header: what was searched, both policies on the whole
    /// trace, and what the validation above is evidence of. Empty without `--refit`.
    var refitHeaderLines: [String] {
        guard let refit else { return [] }
        var lines = ["Refitted on:  \(window(refit.tuner.split.fitSteps)), the whole trace, after the validation above: \(refitSearchText(refit))."]
        lines.append(Self.refitMeaning)
        if let kept = refitKeptText { lines.append(kept) }
        lines.append("")
        if let scores = refit.scores {
            lines.append(row("", "policy", "under-provisioned", "cost", "scaling actions"))
            lines.append(row("whole", tuner.tunedName, scores))
            lines.append(row("whole", tuner.baseline.name, refit.baselineScores))
            lines.append("")
        }
        return lines
    }

    /// The refit in the printed table. Empty without `--refit`.
    var refitTableText: String {
        guard let refit else { return "" }
        var out = "refitted on  \(window(refit.tuner.split.fitSteps)), the whole trace: \(refitSearchText(refit))\n"
        out += "             \(Self.refitMeaning)\n"
        if let kept = refitKeptText { out += "             \(kept)\n" }
        guard let scores = refit.scores else {
            return out + "             No candidate met the constraints on the whole trace; no policy was written.\n"
        }
        out += row("whole", tuner.tunedName, scores) + "\n"
        out += row("whole", tuner.baseline.name, refit.baselineScores) + "\n"
        return out
    }

    /// The refit for scripts: its window, search counts and both policies' scores on it.
    var refitJSON: String? {
        guard let refit else { return nil }
        let scores = refit.scores.map { "{\"tuned\": \(scoresJSON($0)), \"baseline\": \(scoresJSON(refit.baselineScores))}" } ?? "null"
        return "{\"fit\": \(windowJSON(refit.tuner.split.fitSteps)), \"evaluated\": \(refit.search.candidates.count), "
            + "\"behaviours\": \(refit.search.behaviours), \"feasible\": \(refit.search.candidates.filter(\.feasible).count), "
            + "\"interrupted\": \(refit.search.interrupted), \"keptBaseline\": \(refit.search.keepsBaseline), \"keptForShortFit\": \(refit.search.keptForShortFit), "
            + "\"keptForQuarterLoss\": \(quarterLossJSON(refit.search.keptForQuarterLoss)), \"scores\": \(scores)}"
    }

    private func refitSearchText(_ refit: TuningRefit) -> String {
        "the same search again (budget \(refit.tuner.budget), seed \(refit.tuner.seed), the same constraints), "
            + "\(refit.search.candidates.count) candidates simulated, \(refit.search.behaviours) different behaviours"
            + (refit.search.interrupted ? ", interrupted: the best found so far" : "")
    }

    /// Why the validation scores still count: they are the evidence for the search that made the written policy.
    static let refitMeaning =
        "The written policy is the refitted one. It has no held-out score of its own: the validation scores are those of the same search fitted on the first part only, the evidence that the search carries over to time it never saw."

    /// Why the refitted policy is the baseline's settings, when it is.
    var refitKeptText: String? {
        guard let refit else { return nil }
        return keptText(refit.search, of: refit.tuner, part: "the whole trace", kept: "The refitted policy keeps the baseline's settings.")
    }
}
