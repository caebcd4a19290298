/// The outcome of replaying one trace against several policies: each policy's run, in the
/// order the policies were given, and the oracle they are scored against.
public struct SimulationReport: Sendable {
    public let simulation: Simulation
    public let results: [PolicyRun]
    /// Policies whose MaxCapacity cannot reach the trace's peak demand (``CapacityWarning``).
    public var capacityWarnings: [CapacityWarning] = []

    public init(simulation: Simulation, results: [PolicyRun]) {
        self.simulation = simulation
        self.results = results
    }

    public var traceName: String { simulation.trace.name }
    public var scenarioName: String { simulation.scenario.name }
    /// T.
    public var steps: Int { simulation.trace.count }
    /// Δ in seconds.
    public var stepSeconds: Int { simulation.trace.stepSeconds }
    public var oracleCost: Double { simulation.oracleCost }
    /// The steps the scores count.
    public var scoredSteps: Range<Int> { simulation.scoredSteps }

    /// Where scoring starts and ends, in the trace's own timestamps: `FROM until UNTIL (N steps, DURATION)`.
    public var scoreWindowText: String {
        let trace = simulation.trace
        let window = scoredSteps
        return "\(trace.timestampText(ofStep: window.lowerBound)) until \(trace.timestampText(ofStep: window.upperBound))"
            + " (\(NumberText.count(window.count, "step")), \(NumberText.duration(Double(window.count * stepSeconds))))"
    }

    /// The index of the policy a table marks: among the policies with the least
    /// under-provisioned time, the one with the lowest cost ratio (the first on a tie).
    public var bestIndex: Int? {
        guard let leastUnder = results.map(\.scores.underProvisionedSeconds).min() else { return nil }
        var best: Int?
        for (index, run) in results.enumerated() where run.scores.underProvisionedSeconds == leastUnder {
            if best == nil || run.scores.costRatio < results[best!].scores.costRatio { best = index }
        }
        return best
    }
}
