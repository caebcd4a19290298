import Simulator

extension TuningReport {
    /// The refit (`--refit`): the same search on the whole trace, whose policy the file holds,
    /// with both policies' scores there; in-sample, and said to be. `kept`: why it kept the
    /// baseline's settings, when it did (``TuningSummary/refitKeptText``).
    static func refitSection(_ tuner: Tuner, _ refit: TuningRefit, kept: String?) -> String {
        let steps = refit.tuner.split.fitSteps
        var html = "<section>\n<h2>Refitted on the whole trace</h2>\n"
        html += "<p>After the validation above, the same search (budget \(refit.tuner.budget), seed \(refit.tuner.seed), the same constraints) ran again on "
        html += "\(HTMLText.escape(tuner.trace.timestampText(ofStep: steps.lowerBound))) until \(HTMLText.escape(tuner.trace.timestampText(ofStep: steps.upperBound))) "
        html += "(\(steps.count) steps): \(refit.search.candidates.count) candidates, \(refit.search.behaviours) different behaviours"
        html += refit.search.interrupted ? ", interrupted.</p>\n" : ".</p>\n"
        html += "<p class=\"note\">\(HTMLText.escape(TuningSummary.refitMeaning))</p>\n"
        if let kept { html += "<p>\(HTMLText.escape(kept))</p>\n" }
        guard let scores = refit.scores else {
            return html + "<p class=\"warning\">No candidate met the constraints on the whole trace; no policy was written.</p>\n</section>\n"
        }
        let base = refit.baselineScores
        html += scoresTable([
            ScoresRow(part: "whole trace", name: tuner.tunedName, scores: scores, base: base),
            ScoresRow(part: "whole trace", name: tuner.baseline.name, scores: base, base: base),
        ])
        return html + "</section>\n"
    }
}
