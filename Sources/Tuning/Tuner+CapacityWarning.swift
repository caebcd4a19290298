import CapacityCore
import PolicyFiles
import Simulator

extension Tuner {
    /// What ``capacityWarning`` says: the baseline's MaxCapacity against the whole trace's peak
    /// demand (``CapacityWarning``). The tuned policy keeps MaxCapacity (it is the user's), so
    /// the steps above it are under-provisioned whatever the search finds, on both parts: every
    /// score, the baseline's and the validation's included, carries them, and a reader of the
    /// file or the report would otherwise blame the policy.
    static func capacityWarning(of baseline: CapacityPolicy, on trace: Trace, scenario: SimulationScenario) throws -> String? {
        try CapacityWarning.check([baseline], against: Simulation(trace: trace, scenario: scenario)).first
            .map { "on the whole trace, \($0.message)" }
    }
}
