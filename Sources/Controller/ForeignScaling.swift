import CapacityCore
import Foundation

/// AWS's own scaling on one target — Application Auto Scaling or EC2 Auto Scaling policies and
/// scheduled actions — and which of it AWS currently holds back. Headroom reads it before
/// writing a target so that it never fights another controller for the desired count.
public struct ForeignScaling: Sendable, Hashable {
    /// One AWS scaling policy or scheduled action.
    public struct Item: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            case scalingPolicy = "scaling policy"
            case scheduledAction = "scheduled action"
        }

        public var kind: Kind
        public var name: String
        /// The policy type (`TargetTrackingScaling`) or the schedule (`cron(0 8 * * ? *)`).
        public var detail: String
        /// Whether suspending AWS's scaling stops it: a predictive policy in `ForecastAndScale`
        /// mode keeps scaling an Auto Scaling group whatever is suspended.
        public var suspendable: Bool

        public init(kind: Kind, name: String, detail: String, suspendable: Bool = true) {
            self.kind = kind
            self.name = name
            self.detail = detail
            self.suspendable = suspendable
        }

        public var description: String { "\(kind.rawValue) '\(name)' (\(detail))" }
    }

    /// Application Auto Scaling or EC2 Auto Scaling: which service the items belong to.
    public var service: String
    public var policies: [Item]
    public var scheduledActions: [Item]
    /// The suspension switches AWS has on now, by their AWS names (``AWSScalingSwitches``).
    public var suspended: Set<String>

    public init(service: String, policies: [Item] = [], scheduledActions: [Item] = [], suspended: Set<String> = []) {
        self.service = service
        self.policies = policies
        self.scheduledActions = scheduledActions
        self.suspended = suspended
    }

    /// The switches that hold back `target`'s dynamic and scheduled scaling.
    public static func switches(for target: TargetReference) -> (dynamic: [String], scheduled: [String]) {
        switch target {
        case .ecsService: (AWSScalingSwitches.applicationAutoScalingDynamic, AWSScalingSwitches.applicationAutoScalingScheduled)
        case .autoScalingGroup: (AWSScalingSwitches.autoScalingDynamic, AWSScalingSwitches.autoScalingScheduled)
        }
    }

    /// What of AWS's scaling would still act on `target` if Headroom wrote under `policy`:
    /// policies unless dynamic scaling is suspended; scheduled actions unless scheduled scaling
    /// is suspended — or, once the policy adopts the target without schedules of its own,
    /// never, since they only move the bounds Headroom then keeps within.
    public func active(for target: TargetReference, under policy: CapacityPolicy) -> [Item] {
        let switches = Self.switches(for: target)
        let dynamicHeld = suspended.isSuperset(of: switches.dynamic)
        let scheduledHeld = suspended.isSuperset(of: switches.scheduled)
        var active = policies.filter { !dynamicHeld || !$0.suspendable }
        let schedulesCompete = policy.awsScaling == .refuse || !policy.schedules.isEmpty
        if !scheduledHeld, schedulesCompete { active += scheduledActions }
        return active
    }

    /// The switches adopting `target` under `policy` turns on: those needed to hold back what
    /// ``active(for:under:)`` lists, minus those AWS already has on.
    public func switchesToSuspend(for target: TargetReference, under policy: CapacityPolicy) -> [String] {
        let switches = Self.switches(for: target)
        let active = active(for: target, under: policy)
        var needed: [String] = []
        if active.contains(where: { $0.kind == .scalingPolicy && $0.suspendable }) { needed += switches.dynamic }
        if active.contains(where: { $0.kind == .scheduledAction }) { needed += switches.scheduled }
        return needed.filter { !suspended.contains($0) }
    }
}

/// The AWS names of the switches that hold back AWS's own scaling.
public enum AWSScalingSwitches {
    /// Application Auto Scaling `SuspendedState` fields that stop scaling policies.
    public static let applicationAutoScalingDynamic = ["DynamicScalingInSuspended", "DynamicScalingOutSuspended"]
    /// The `SuspendedState` field that stops scheduled actions.
    public static let applicationAutoScalingScheduled = ["ScheduledScalingSuspended"]
    /// The EC2 Auto Scaling process that runs scaling policies.
    public static let autoScalingDynamic = ["AlarmNotification"]
    /// The EC2 Auto Scaling process that runs scheduled actions.
    public static let autoScalingScheduled = ["ScheduledActions"]
}

/// What Headroom suspended of AWS's own scaling on a target when it adopted it, kept with the
/// target's decision state so `headroom release` resumes exactly that and nothing a person
/// suspended themselves.
public struct AdoptionRecord: Sendable, Hashable, Codable {
    /// The switches Headroom turned on, by their AWS names (``AWSScalingSwitches``).
    public var suspended: [String]
    /// When Headroom first suspended them.
    public var time: Date
    /// The AWS policies and scheduled actions that were acting then, for people reading the state.
    public var awsScaling: [String]

    public init(suspended: [String], time: Date, awsScaling: [String]) {
        self.suspended = suspended
        self.time = time
        self.awsScaling = awsScaling
    }

    /// This record with `more` switches added (a later adoption of the same target).
    func adding(_ more: [String], awsScaling items: [String]) -> AdoptionRecord {
        var merged = self
        for name in more where !merged.suspended.contains(name) { merged.suspended.append(name) }
        for item in items where !merged.awsScaling.contains(item) { merged.awsScaling.append(item) }
        return merged
    }
}
