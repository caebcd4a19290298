import CapacityCore
import Foundation

// TEMPORARY interface: the PolicyFiles work replaces this file with the real loaders.

/// Reads and validates policy files.
public enum PolicyFileLoader {
    /// Loads one policy file; errors name FILE:LINE:COLUMN.
    public static func load(contentsOf url: URL) throws -> CapacityPolicy {
        throw CocoaError(.featureUnsupported)
    }
}

/// Reads and validates simulation scenario files (YAML; JSON is YAML too).
public enum ScenarioFileLoader {
    public static func load(contentsOf url: URL) throws -> SimulationScenario {
        throw CocoaError(.featureUnsupported)
    }
}
