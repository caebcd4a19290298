import CapacityCore

/// Policies whose MaxCapacity is below the units the trace's peak needs. Those steps are
/// under-provisioned whatever the policy does, so the scores say more about the bound (or
/// the scenario's `capacityPerUnit`) than about the policy; the table, JSON and report say so.
public struct CapacityWarning: Sendable, Hashable {
    /// The policies sharing this ceiling, in the order they were given.
    public var policyNames: [String]
    /// The highest max the policies can reach: MaxCapacity or a schedule's higher MaxCapacity.
    public var maxCapacity: Int
    /// The most units any step needs: max d[t].
    public var peakDemand: Int
    /// Steps whose demand is above `maxCapacity`.
    public var stepsAboveMax: Int
    public var steps: Int
    public var stepSeconds: Int
    public var capacityPerUnit: Double
    public var sloUtilization: Double

    /// One warning per distinct ceiling below the peak demand, policies grouped, lowest ceiling first.
    public static func check(_ policies: [CapacityPolicy], against simulation: Simulation) -> [CapacityWarning] {
        guard let peak = simulation.demand.max() else { return [] }
        var warnings: [CapacityWarning] = []
        for policy in policies {
            let ceiling = policy.schedules.compactMap(\.maxCapacity).reduce(policy.bounds.max, Swift.max)
            guard ceiling < peak else { continue }
            if let index = warnings.firstIndex(where: { $0.maxCapacity == ceiling }) {
                warnings[index].policyNames.append(policy.name)
                continue
            }
            warnings.append(CapacityWarning(
                policyNames: [policy.name], maxCapacity: ceiling, peakDemand: peak,
                stepsAboveMax: simulation.demand.count(where: { $0 > ceiling }), steps: simulation.demand.count,
                stepSeconds: simulation.physics.stepSeconds, capacityPerUnit: simulation.physics.capacityPerUnit,
                sloUtilization: simulation.physics.sloUtilization))
        }
        return warnings.sorted { $0.maxCapacity < $1.maxCapacity }
    }

    /// What is wrong, how much it costs the scores, and how to fix it, in one paragraph.
    public var message: String {
        let who = policyNames.count == 1 ? "policy \(policyNames[0])" : "policies \(policyNames.joined(separator: ", "))"
        let share = NumberText.fixed(100 * Double(stepsAboveMax) / Double(Swift.max(1, steps)), 1)
        return "\(who): MaxCapacity \(maxCapacity) is below the \(peakDemand) units the trace's peak needs "
            + "(load ÷ (capacityPerUnit \(NumberText.json(capacityPerUnit)) × sloUtilization \(NumberText.json(sloUtilization)))). "
            + "\(NumberText.count(stepsAboveMax, "step")) of \(NumberText.count(steps, "step")) (\(share) %, "
            + "\(NumberText.duration(Double(stepsAboveMax * stepSeconds)))) need more than \(maxCapacity) units, "
            + "so they count as under-provisioned whatever the policy does. "
            + "Raise MaxCapacity to at least \(peakDemand), or raise the scenario's capacityPerUnit if one unit serves more load."
    }
}

extension SimulationReport {
    /// The warnings as lines after the table, each starting with `!`; empty without warnings.
    var capacityWarningText: String {
        capacityWarnings.map { "\n! \($0.message)\n" }.joined()
    }

    /// The `"capacityWarnings"` member of the JSON (an array, empty without warnings).
    var capacityWarningJSON: String {
        guard !capacityWarnings.isEmpty else { return "  \"capacityWarnings\": [],\n" }
        var out = "  \"capacityWarnings\": [\n"
        for (index, warning) in capacityWarnings.enumerated() {
            let policies = warning.policyNames.map(JSONText.string).joined(separator: ", ")
            out += "    {\"policies\": [\(policies)], \"maxCapacity\": \(warning.maxCapacity), "
            out += "\"peakDemandUnits\": \(warning.peakDemand), \"stepsAboveMax\": \(warning.stepsAboveMax), "
            out += "\"message\": \(JSONText.string(warning.message))}"
            out += index == capacityWarnings.count - 1 ? "\n" : ",\n"
        }
        return out + "  ],\n"
    }

    /// The warnings as HTML paragraphs for the scores card; empty without warnings.
    var capacityWarningHTML: String {
        capacityWarnings.map { "<p class=\"warning\">⚠ \(HTMLText.escape($0.message))</p>\n" }.joined()
    }
}
