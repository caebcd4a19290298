import Foundation
import CapacityCore

/// What one reconcile did, per target: for `plan`, `run --once`, logs and tests.
public struct ReconcileReport: Sendable {
    public var outcomes: [TargetOutcome]
    /// Targets this tick did not decide: the API budget could not read their metrics, they
    /// have no recent enough counts to decide on, or their decision would write and their
    /// counts could not be described this tick.
    public var deferredTargets: Int
    /// Wall time of the tick's phases: metric reads (with the describes of placements that
    /// are not budgeted), the budgeted describes, and deciding and writing.
    public var phases: Phases = Phases()

    public struct Phases: Sendable, Hashable {
        public var reads: Duration = .zero
        public var describes: Duration = .zero
        public var decisions: Duration = .zero
    }

    public init(outcomes: [TargetOutcome], deferredTargets: Int = 0) {
        self.outcomes = outcomes
        self.deferredTargets = deferredTargets
    }

    /// Targets whose read, decision or write failed.
    public var failures: [TargetOutcome] { outcomes.filter { $0.error != nil } }
}

/// One target's part of a reconcile.
public struct TargetOutcome: Sendable {
    public var target: TargetReference
    public var policy: String
    /// What AWS reported before any write.
    public var state: TargetState?
    /// When AWS reported ``state``: the tick's time when it was described this tick, earlier
    /// when the API budget left it to be decided on its last known counts.
    public var stateSeenAt: Date?
    public var decision: Decision?
    /// Writes made (or, in a dry run, that would have been made).
    public var actions: [Action]
    public var error: TargetError?
    /// Whether the policy's forecast has its history yet; `nil` without a forecast.
    public var forecast: ForecastStatus?
    /// The switches of AWS's own scaling (``AWSScalingSwitches``) suspended to adopt the
    /// target before writing it (in a dry run: that would be suspended).
    public var suspendsAWSScaling: [String] = []
    /// The target's region and role; ``TargetPlacement/daemon`` for the daemon's own.
    public var placement: TargetPlacement = .daemon

    /// Whether the decision was made on counts described in an earlier tick.
    public var decidedOnEarlierState: Bool {
        guard let seen = stateSeenAt, let time = decision?.time else { return false }
        return seen < time
    }

    public enum Action: Sendable, Hashable, CustomStringConvertible {
        case setDesired(from: Int, to: Int)
        case setBounds(from: CapacityBounds?, to: CapacityBounds)
        case putWarmPool(WarmPoolPlan)

        public var description: String {
            switch self {
            case .setDesired(let from, let to): "desired \(from) → \(to)"
            case .setBounds(let from, let to): "bounds \(from.map(\.description) ?? "unset") → \(to)"
            case .putWarmPool(let plan):
                "warm pool min \(plan.minSize), max prepared \(plan.maxGroupPreparedCapacity.map(String.init) ?? "group max")"
            }
        }
    }
}
