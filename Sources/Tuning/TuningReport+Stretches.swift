import Simulator

extension TuningReport {
    /// The validation part day by day (or quarter by quarter): both policies on each stretch, the
    /// tuned policy's time or cost marked where it did worse than the baseline.
    static func stretchesSection(_ tuner: Tuner, _ stretches: ValidationStretches) -> String {
        let trace = tuner.trace
        var html = "<section>\n<h2>The validation part, \(stretches.length.rawValue) by \(stretches.length.rawValue)</h2>\n"
        html += "<p class=\"note\">The tuned policy was \(HTMLText.escape(stretches.text)). A ratio over the whole part can come from one stretch of traffic; this shows whether the gain holds on most of it. Cells in red are where the tuned policy did worse than the baseline.</p>\n"
        html += "<div class=\"scroll\"><table class=\"scores stretches\">\n"
        html += "<thead><tr><th class=\"text\">from</th><th class=\"text\">until</th><th>under-provisioned, tuned</th><th>baseline</th>"
        html += "<th>under × baseline</th><th>cost, tuned</th><th>baseline</th><th>cost × baseline</th></tr></thead>\n<tbody>\n"
        for stretch in stretches.stretches {
            let tuned = stretch.tuned, base = stretch.baseline
            let longer = stretch.tunedLonger, dearer = stretch.tunedDearer
            html += "<tr><td class=\"text\">\(HTMLText.escape(trace.timestampText(ofStep: stretch.steps.lowerBound)))</td>"
            html += "<td class=\"text\">\(HTMLText.escape(trace.timestampText(ofStep: stretch.steps.upperBound)))</td>"
            html += "<td\(longer ? " class=\"worse\"" : "")>\(NumberText.duration(tuned.underSeconds))</td><td>\(NumberText.duration(base.underSeconds))</td>"
            html += "<td\(longer ? " class=\"worse\"" : "")>\(ratio(tuned.underSeconds, base.underSeconds))</td>"
            html += "<td\(dearer ? " class=\"worse\"" : "")>\(NumberText.fixed(tuned.cost, 2))</td><td>\(NumberText.fixed(base.cost, 2))</td>"
            html += "<td\(dearer ? " class=\"worse\"" : "")>\(ratio(tuned.cost, base.cost))</td></tr>\n"
        }
        html += "</tbody></table></div>\n</section>\n"
        return html
    }
}
