import CapacityCore

/// Runs several policies over one simulation in parallel, one child task per policy.
public enum SimulationRunner {
    /// Steps a child task runs between progress reports and cancellation checks.
    static let chunkSteps = 1 << 16

    /// Replays `simulation` against every policy, in parallel across cores.
    /// - Parameters:
    ///   - recordTimelines: keep every step's counts (needed for timeline files and reports).
    ///   - progress: advanced as chunks finish; its total should be steps × policies.
    /// - Returns: the runs in the order of `policies`.
    /// - Throws: ``SimulationError`` for no policies or two with one name (before anything runs);
    ///   `CancellationError` when the task is cancelled.
    public static func run(
        _ simulation: Simulation, policies: [CapacityPolicy], recordTimelines: Bool = false, progress: RunProgress? = nil
    ) async throws -> SimulationReport {
        try checkNames(policies)
        let runs = try await withThrowingTaskGroup(of: (Int, PolicyRun).self) { group in
            for (index, policy) in policies.enumerated() {
                group.addTask {
                    var engine = SimulationEngine(simulation: simulation, policy: policy, recordTimeline: recordTimelines)
                    let steps = simulation.trace.count
                    while engine.step < steps {
                        try Task.checkCancellation()
                        let before = engine.step
                        engine.advance(until: before + chunkSteps)
                        await progress?.add(engine.step - before)
                    }
                    return (index, engine.result())
                }
            }
            var runs = [PolicyRun?](repeating: nil, count: policies.count)
            for try await (index, run) in group { runs[index] = run }
            return runs.map { $0! }
        }
        var report = SimulationReport(simulation: simulation, results: runs)
        report.capacityWarnings = CapacityWarning.check(policies, against: simulation)
        return report
    }

    /// Policy names must be unique: they label results and name timeline files.
    public static func checkNames(_ policies: [CapacityPolicy]) throws(SimulationError) {
        guard !policies.isEmpty else { throw .noPolicies }
        var seen = Set<String>()
        for policy in policies where !seen.insert(policy.name).inserted {
            throw .duplicatePolicyName(policy.name)
        }
    }
}
