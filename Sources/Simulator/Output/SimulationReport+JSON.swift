extension SimulationReport {
    /// The run as JSON, keys in this order:
    /// `{"trace", "scenario", "steps", "stepSeconds", "scored": {"from", "until", "steps"},
    /// "capacityWarnings": [...], "results": [{"policy", "scores": {...}}]}`, where `trace` is the
    /// trace's name (its file name without extension), `scenario` the scenario's name, `scored` the
    /// window every score counts (`from` inclusive, `until` exclusive, in the trace's own timestamps;
    /// the whole trace unless `--score-from`/`--score-until` narrowed it), and `capacityWarnings`
    /// the policies whose MaxCapacity is below the peak demand (``CapacityWarning``); results are in
    /// the order the policies were given.
    ///
    /// Scores use SIMULATION.md's names (`cost`, `oracleCost`, `costRatio`,
    /// `underProvisionedSeconds`, `thetaU`, `thetaO`, `tauU`, `tauO`, `unitStepsShort`,
    /// `scalingActions`, `maxUtilization`). JSON has no infinity: an infinite `maxUtilization`
    /// (a step with load and no ready unit) or `costRatio` is the string `"Infinity"`.
    public func json() -> String {
        var out = "{\n"
        out += "  \"trace\": \(JSONText.string(traceName)),\n"
        out += "  \"scenario\": \(JSONText.string(scenarioName)),\n"
        out += "  \"steps\": \(steps),\n"
        out += "  \"stepSeconds\": \(stepSeconds),\n"
        let trace = simulation.trace
        out += "  \"scored\": {\"from\": \(JSONText.string(trace.timestampText(ofStep: scoredSteps.lowerBound))), "
        out += "\"until\": \(JSONText.string(trace.timestampText(ofStep: scoredSteps.upperBound))), \"steps\": \(scoredSteps.count)},\n"
        out += capacityWarningJSON
        out += "  \"results\": ["
        for (index, run) in results.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += "    {\n"
            out += "      \"policy\": \(JSONText.string(run.policyName)),\n"
            out += "      \"scores\": {\n"
            let fields = run.scores.jsonFields
            for (position, field) in fields.enumerated() {
                out += "        \"\(field.name)\": \(field.value)"
                out += position == fields.count - 1 ? "\n" : ",\n"
            }
            out += "      }\n"
            out += "    }"
        }
        out += results.isEmpty ? "]\n" : "\n  ]\n"
        out += "}\n"
        return out
    }
}

extension SimulationScores {
    /// The scores as JSON name and value text, in SIMULATION.md's order.
    package var jsonFields: [(name: String, value: String)] {
        [
            ("cost", NumberText.json(cost)),
            ("oracleCost", NumberText.json(oracleCost)),
            ("costRatio", NumberText.json(costRatio)),
            ("underProvisionedSeconds", NumberText.json(underProvisionedSeconds)),
            ("thetaU", NumberText.json(thetaU)),
            ("thetaO", NumberText.json(thetaO)),
            ("tauU", NumberText.json(tauU)),
            ("tauO", NumberText.json(tauO)),
            ("unitStepsShort", String(unitStepsShort)),
            ("scalingActions", String(scalingActions)),
            ("maxUtilization", NumberText.json(maxUtilization)),
        ]
    }
}
