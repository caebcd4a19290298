import CapacityCore

/// One policy's run over a trace.
public struct PolicyRun: Sendable, Hashable {
    /// The policy's name, which names its timeline file.
    public var policyName: String
    public var policyKind: CapacityPolicy.Kind
    public var scores: SimulationScores
    /// Per-step counts, when the run recorded them.
    public var timeline: Timeline?
}
