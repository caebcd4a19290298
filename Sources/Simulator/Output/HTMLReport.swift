/// One self-contained HTML page for a design review: the scores of every policy, and per policy
/// its load, demand and capacity over the whole trace plus a zoom on its worst under-provisioned
/// hour. Inline CSS and SVG only: no script, no network.
public enum HTMLReport {
    /// The page for `report`, whose runs recorded their timelines.
    public static func render(_ report: SimulationReport) -> String {
        let simulation = report.simulation
        let trace = simulation.trace
        let scenario = simulation.scenario
        let physics = simulation.physics
        let title = "\(report.traceName) × \(report.scenarioName)"

        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Headroom simulation: \(HTMLText.escape(title))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <p class="eyebrow">Headroom simulation report</p>
            <h1>\(HTMLText.escape(title))</h1>
            <p class="lede">\(NumberText.count(report.steps, "step")) of \(report.stepSeconds) s (\(NumberText.duration(Double(report.steps * report.stepSeconds)))), from \(HTMLText.escape(trace.timestampText(ofStep: 0))) to \(HTMLText.escape(trace.timestampText(ofStep: report.steps - 1))). \(scoredSentence(report))Every policy is scored against the oracle: a clairvoyant controller with free, instant boots that holds exactly the demand <i>d[t]</i> = max(minUnits, ⌈<i>L</i>/(<i>c</i>·<i>s</i>)⌉).</p>
            <dl class="physics">
            \(fact("capacity per unit c", NumberText.json(physics.capacityPerUnit)))
            \(fact("SLO utilization s", NumberText.json(physics.sloUtilization)))
            \(fact("min units", String(physics.minUnits)))
            \(fact("boot", "\(NumberText.json(scenario.bootSeconds)) s (\(NumberText.count(physics.bootSteps, "step")))"))
            \(fact("warm start", "\(NumberText.json(scenario.warmStartSeconds)) s (\(NumberText.count(physics.warmSteps, "step")))"))
            \(fact("metric lag", "\(NumberText.json(scenario.metricLagSeconds)) s (\(NumberText.count(physics.lagSteps, "step")))"))
            \(fact("price", "\(NumberText.json(scenario.pricePerUnitHour)) per unit-hour, warm \(NumberText.json(scenario.warmPricePerUnitHour))"))
            </dl>
            </header>
            <main>
            <section>
            <h2>Scores</h2>
            <div class="table-scroll">\(scoresTable(report))</div>
            \(report.capacityWarningHTML)            <p class="note"><span class="best-mark">★</span> lowest cost ratio among the policies with the least under-provisioned time. θ: accuracy (mean shortfall or excess relative to demand), τ: timeshare of steps under or over demand (SPEC RG elasticity metrics).</p>
            </section>

            """
        html += policySections(report)
        html += """
            </main>
            <footer>Physics and scores: shared/SIMULATION.md. Charts show one column per pixel: the first, lowest, highest and last value of the steps in it.</footer>
            </body>
            </html>

            """
        return html
    }

    /// One section per policy: its scores and its timeline charts (for pages that show runs).
    package static func policySections(_ report: SimulationReport) -> String {
        var html = ""
        for (index, run) in report.results.enumerated() {
            html += policySection(run, index: index, simulation: report.simulation)
        }
        return html
    }

    /// The report's stylesheet, for pages built in its style.
    package static var stylesheet: String { style }

    /// Says which steps were scored when that is not the whole trace.
    private static func scoredSentence(_ report: SimulationReport) -> String {
        guard report.simulation.isWindowed else { return "" }
        return "<b>Scored: \(HTMLText.escape(report.scoreWindowText))</b>; every step before it was replayed, not scored. "
    }

    private static func fact(_ name: String, _ value: String) -> String {
        "<div><dt>\(HTMLText.escape(name))</dt><dd>\(HTMLText.escape(value))</dd></div>"
    }

    private static func scoresTable(_ report: SimulationReport) -> String {
        let headers = [
            "policy", "kind", "cost", "cost ratio", "under-provisioned", "θU %", "θO %", "τU %", "τO %",
            "unit-steps short", "scaling actions", "max utilization",
        ]
        var html = "<table class=\"scores\">\n<thead><tr>"
        for (index, header) in headers.enumerated() {
            html += index < 2 ? "<th class=\"text\">\(header)</th>" : "<th>\(header)</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        html += "<tr class=\"oracle\"><td class=\"text\">oracle</td><td class=\"text\">clairvoyant</td><td>\(NumberText.fixed(report.oracleCost, 2))</td><td>1.000</td>"
        html += String(repeating: "<td>–</td>", count: headers.count - 4) + "</tr>\n"
        let best = report.bestIndex
        for (index, run) in report.results.enumerated() {
            let isBest = index == best
            html += isBest ? "<tr class=\"best\">" : "<tr>"
            let mark = isBest ? "<span class=\"best-mark\">★</span> " : ""
            html += "<td class=\"text\">\(mark)<a href=\"#policy-\(index)\">\(HTMLText.escape(run.policyName))</a></td>"
            html += "<td class=\"text\">\(run.policyKind.rawValue)</td>"
            for cell in run.scores.tableCells { html += "<td>\(HTMLText.escape(cell))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>"
        return html
    }

    private static func policySection(_ run: PolicyRun, index: Int, simulation: Simulation) -> String {
        var html = "<section class=\"policy\" id=\"policy-\(index)\">\n"
        html += "<h2>\(HTMLText.escape(run.policyName)) <span class=\"kind\">\(run.policyKind.rawValue)</span></h2>\n"
        let scores = run.scores
        html += "<div class=\"kpis\">"
        html += kpi("cost ratio", NumberText.fixed(scores.costRatio, 3))
        html += kpi("under-provisioned", NumberText.duration(scores.underProvisionedSeconds) + " (\(NumberText.fixed(scores.tauU, 2)) %)")
        html += kpi("unit-steps short", String(scores.unitStepsShort))
        html += kpi("scaling actions", String(scores.scalingActions))
        html += kpi("max utilization", scores.maxUtilization.isInfinite ? "∞ (load with no ready unit)" : NumberText.fixed(100 * scores.maxUtilization, 1) + " %")
        html += "</div>\n"
        guard let timeline = run.timeline else {
            return html + "<p class=\"note\">This run did not record its timeline.</p>\n</section>\n"
        }
        html += legend
        // A windowed run charts the steps it scored; the replay before them only carried history in.
        let scored = simulation.scoredSteps.clamped(to: 0..<timeline.count)
        html += chart(timeline, simulation: simulation, range: scored)
        let zoomSteps = Swift.max(1, (3600 + simulation.trace.stepSeconds - 1) / simulation.trace.stepSeconds)
        if let worst = worstWindow(timeline, demand: simulation.demand, length: zoomSteps, within: scored) {
            let trace = simulation.trace
            html += "<h3>Worst under-provisioned hour</h3>\n"
            html += "<p class=\"note\">\(HTMLText.escape(trace.timestampText(ofStep: worst.range.lowerBound))) to \(HTMLText.escape(trace.timestampText(ofStep: worst.range.upperBound - 1))): \(worst.shortUnitSteps) unit-steps short over \(worst.underSteps) of \(worst.range.count) steps.</p>\n"
            html += chart(timeline, simulation: simulation, range: worst.range)
        } else {
            html += "<p class=\"note good\">No step was under-provisioned.</p>\n"
        }
        return html + "</section>\n"
    }

    private static func kpi(_ name: String, _ value: String) -> String {
        "<div class=\"kpi\"><span>\(HTMLText.escape(name))</span><strong>\(HTMLText.escape(value))</strong></div>"
    }

    private static let legend = """
        <ul class="legend">
        <li><span class="swatch" style="background:#9aa5b1"></span>load ÷ (c·s): units the load needs at SLO utilization</li>
        <li><span class="swatch line" style="border-color:#2563eb"></span>ready units S[t]</li>
        <li><span class="swatch line thin" style="border-color:#111827"></span>demand d[t]</li>
        <li><span class="swatch line" style="border-color:#93c5fd"></span>ready + booting</li>
        <li><span class="swatch" style="background:#dc2626;opacity:.5"></span>under-provisioned (S &lt; d)</li>
        </ul>

        """

    private static func chart(_ timeline: Timeline, simulation: Simulation, range: Range<Int>) -> String {
        let perUnit = simulation.physics.capacityPerUnit * simulation.physics.sloUtilization
        var load: [Double] = [], demand: [Double] = [], ready: [Double] = [], inService: [Double] = []
        var under: [Bool] = []
        for step in range {
            load.append(simulation.trace.values[step] / perUnit)
            demand.append(Double(simulation.demand[step]))
            ready.append(Double(timeline.ready[step]))
            inService.append(Double(timeline.ready[step]) + Double(timeline.booting[step]))
            under.append(Int(timeline.ready[step]) < simulation.demand[step])
        }
        let svg = SVGChart(
            series: [
                .init(label: "load ÷ (c·s)", color: "#9aa5b1", width: 1, fillOpacity: 0.3, values: load),
                .init(label: "demand d[t]", color: "#111827", width: 1, opacity: 0.75, values: demand),
                .init(label: "ready + booting", color: "#93c5fd", width: 1.5, values: inService),
                .init(label: "ready units S[t]", color: "#2563eb", width: 1.5, opacity: 0.9, values: ready),
            ],
            under: under, startSeconds: simulation.trace.seconds(ofStep: range.lowerBound),
            stepSeconds: simulation.trace.stepSeconds, timestampFormat: simulation.trace.timestampFormat, yTitle: "units")
        return "<figure>\n" + svg.render() + "</figure>\n"
    }

    struct Window {
        var range: Range<Int>
        var shortUnitSteps: Int
        var underSteps: Int
    }

    /// The `length`-step window inside `within` (default: the whole timeline) with the most
    /// unit-steps short (the earliest on a tie), moved to center its first and last short steps,
    /// or `nil` when no step was under-provisioned.
    static func worstWindow(_ timeline: Timeline, demand: [Int], length: Int, within: Range<Int>? = nil) -> Window? {
        let span = (within ?? 0..<timeline.count).clamped(to: 0..<timeline.count)
        let origin = span.lowerBound
        let count = span.count
        guard count > 0 else { return nil }
        let window = Swift.min(length, count)
        func short(_ step: Int) -> Int { Swift.max(0, demand[origin + step] - Int(timeline.ready[origin + step])) }
        var sum = 0
        for step in 0..<window { sum += short(step) }
        var best = sum, bestStart = 0
        if window < count {
            for start in 1...(count - window) {
                sum += short(start + window - 1) - short(start - 1)
                if sum > best {
                    best = sum
                    bestStart = start
                }
            }
        }
        guard best > 0 else { return nil }
        // Center the short steps so the zoom shows what led to them and what followed; the
        // window still holds every short step it held, so its shortfall stays the maximum.
        let shortSteps = (bestStart..<(bestStart + window)).filter { short($0) > 0 }
        let middle = (shortSteps.first! + shortSteps.last!) / 2
        let start = Swift.min(Swift.max(0, middle - window / 2), count - window)
        let range = start..<(start + window)
        let underSteps = range.filter { short($0) > 0 }.count
        return Window(range: (origin + start)..<(origin + start + window), shortUnitSteps: best, underSteps: underSteps)
    }

    private static let style = """

        :root { --ink:#111827; --muted:#6b7280; --line:#e5e7eb; --accent:#2563eb; --bad:#dc2626; --good:#15803d; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #f8fafc; }
        header, main, footer { max-width: 1040px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 32px; }
        .eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--accent); margin: 0; font-weight: 600; }
        h1 { font-size: 26px; margin: 4px 0 8px; }
        h2 { font-size: 19px; margin: 0 0 12px; }
        h3 { font-size: 15px; margin: 20px 0 4px; }
        .lede { color: #374151; max-width: 860px; }
        .physics { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 16px 0 8px; }
        .physics div { display: flex; flex-direction: column; }
        .physics dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .physics dd { margin: 0; font-variant-numeric: tabular-nums; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin: 20px 0; box-shadow: 0 1px 2px rgba(0,0,0,.04); }
        .table-scroll { overflow-x: auto; max-width: 100%; }
        table.scores { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
        .scores th, .scores td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
        .scores th { white-space: normal; vertical-align: bottom; }
        .warning { background: #fef2f2; border: 1px solid #fecaca; border-radius: 8px; padding: 8px 12px; color: #991b1b; font-size: 13px; }
        .scores th { font-weight: 600; color: var(--muted); font-size: 12px; }
        .scores .text { text-align: left; }
        .scores tr.oracle td { color: var(--muted); font-style: italic; }
        .scores tr.best td { background: #eff6ff; font-weight: 600; }
        .scores a { color: inherit; text-decoration: none; border-bottom: 1px dotted var(--muted); }
        .best-mark { color: #d97706; }
        .kind { font-size: 12px; font-weight: 500; color: var(--muted); background: #f3f4f6; border-radius: 4px; padding: 2px 6px; vertical-align: middle; }
        .kpis { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 12px; }
        .kpi { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; min-width: 150px; }
        .kpi span { display: block; font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .kpi strong { font-size: 17px; font-variant-numeric: tabular-nums; }
        .legend { list-style: none; padding: 0; margin: 0 0 4px; display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 12px; color: #374151; }
        .swatch { display: inline-block; width: 18px; height: 10px; margin-right: 6px; vertical-align: middle; border-radius: 2px; }
        .swatch.line { height: 0; border-top: 2.5px solid; border-radius: 0; }
        .swatch.thin { border-top-width: 1.5px; }
        figure { margin: 0; }
        svg.chart { width: 100%; height: auto; display: block; }
        .chart .grid { stroke: #eef0f3; stroke-width: 1; }
        .chart .frame { fill: none; stroke: #d1d5db; }
        .chart .tick { font-size: 11px; fill: var(--muted); font-variant-numeric: tabular-nums; }
        .chart .axis-title { font-size: 11px; fill: #374151; }
        .chart .under-band { fill: var(--bad); fill-opacity: .08; }
        .note { color: var(--muted); font-size: 12.5px; }
        .note.good { color: var(--good); }
        footer { color: var(--muted); font-size: 12px; padding-bottom: 32px; }

        """
}
