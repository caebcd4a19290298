extension SimulationReport {
    /// The marker before the best policy's name in tables.
    public static let bestMarker = "*"

    /// An aligned text table of every score, the oracle first, the best policy marked with
    /// ``bestMarker``: among the policies with the least under-provisioned time, the lowest cost ratio.
    public func table() -> String {
        let headers = [
            "policy", "cost", "cost ratio", "under-prov.", "θU %", "θO %", "τU %", "τO %",
            "unit-steps short", "scaling actions", "max util.",
        ]
        var rows: [[String]] = []
        rows.append(["  oracle", NumberText.fixed(oracleCost, 2), "1.000", "0", "-", "-", "-", "-", "-", "-", "-"])
        let best = bestIndex
        for (index, run) in results.enumerated() {
            let marker = index == best ? Self.bestMarker + " " : "  "
            rows.append([marker + run.policyName] + run.scores.tableCells)
        }

        var widths = headers.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = Swift.max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                parts.append(column == 0 ? cell + padding : padding + cell)
            }
            return parts.joined(separator: "  ")
        }

        var out = "\(traceName) × \(scenarioName): \(NumberText.count(steps, "step")) of \(stepSeconds) s (\(NumberText.duration(Double(steps * stepSeconds))))\n"
        if simulation.isWindowed {
            out += "scored: \(scoreWindowText); every step before it was replayed, not scored\n"
        }
        out += "\n"
        out += line(["  " + headers[0]] + headers.dropFirst()) + "\n"
        for row in rows { out += line(row) + "\n" }
        if best != nil {
            out += "\n\(Self.bestMarker) lowest cost ratio among the policies with the least under-provisioned time\n"
        }
        out += capacityWarningText
        return out
    }
}

extension SimulationScores {
    /// The table's cells after the policy name.
    var tableCells: [String] {
        [
            NumberText.fixed(cost, 2), NumberText.fixed(costRatio, 3), NumberText.duration(underProvisionedSeconds),
            NumberText.fixed(thetaU, 2), NumberText.fixed(thetaO, 2), NumberText.fixed(tauU, 2), NumberText.fixed(tauO, 2),
            String(unitStepsShort), String(scalingActions),
            maxUtilization.isInfinite ? "inf" : NumberText.fixed(100 * maxUtilization, 1) + " %",
        ]
    }
}
