import CapacityCore
import PolicyFiles
import Simulator

extension Tuner {
    /// Said before the search when the baseline's MaxCapacity is below what the trace's peak
    /// needs. The tuned policy keeps MaxCapacity (it is the user's), so those steps are
    /// under-provisioned whatever the search finds, on both parts: every score, the baseline's
    /// and the validation's included, carries them, and a reader of the file or the report
    /// would otherwise blame the policy. `nil` when MaxCapacity reaches the peak.
    public var capacityWarning: String? {
        capacityShortfall.map { "on the whole trace, \($0.message)" }
    }

    /// The baseline's ceiling against the whole trace's demand (``CapacityWarning``).
    static func shortfall(of baseline: CapacityPolicy, on trace: Trace, scenario: SimulationScenario) throws -> CapacityWarning? {
        CapacityWarning.check([baseline], against: try Simulation(trace: trace, scenario: scenario)).first
    }
}
