import CapacityCore
import Foundation

/// What the controller keeps per target across ticks and restarts: the planner's memory and
/// the launches still inside their warm-up.
public struct TargetRecord: Sendable, Hashable, Codable {
    public var memory: DecisionMemory
    /// Units the controller launched and when, kept while they may still be warming up.
    public var launches: [Launch]
    /// What Headroom suspended of AWS's own scaling to adopt the target; `nil` when nothing.
    public var adoption: AdoptionRecord?

    public struct Launch: Sendable, Hashable, Codable {
        public var time: Date
        public var units: Int
    }

    public init(memory: DecisionMemory = DecisionMemory(), launches: [Launch] = [], adoption: AdoptionRecord? = nil) {
        self.memory = memory
        self.launches = launches
        self.adoption = adoption
    }

    /// Units launched within `warmupSeconds` before `time`, at most `running`.
    func warmingUnits(at time: Date, warmupSeconds: Int, running: Int) -> Int {
        guard warmupSeconds > 0 else { return 0 }
        let cutoff = time.addingTimeInterval(-Double(warmupSeconds))
        let launched = launches.filter { $0.time > cutoff }.reduce(0) { $0 + $1.units }
        return min(launched, running)
    }

    mutating func recordLaunch(of units: Int, at time: Date, warmupSeconds: Int) {
        let cutoff = time.addingTimeInterval(-Double(warmupSeconds))
        launches.removeAll { $0.time <= cutoff }
        if units > 0, warmupSeconds > 0 {
            launches.append(Launch(time: time, units: units))
        }
    }
}
