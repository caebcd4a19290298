import Foundation

/// What a planner decided for one target at one instant, and why.
public struct Decision: Sendable, Hashable {
    public var time: Date
    /// The unit count in force before the decision.
    public var current: Int
    /// The unit count the target should have.
    public var desired: Int
    /// The bounds that applied: the policy's, changed by schedules, tightened by the target's own.
    public var bounds: CapacityBounds
    /// What the metrics alone asked for, before windows, cooldowns, limits and bounds.
    public var recommendation: Int?
    public var reasons: [DecisionReason]
    /// The warm pool the target should keep, when its policy has one.
    public var warmPool: WarmPoolPlan?

    public init(
        time: Date,
        current: Int,
        desired: Int,
        bounds: CapacityBounds,
        recommendation: Int?,
        reasons: [DecisionReason],
        warmPool: WarmPoolPlan?
    ) {
        self.time = time
        self.current = current
        self.desired = desired
        self.bounds = bounds
        self.recommendation = recommendation
        self.reasons = reasons
        self.warmPool = warmPool
    }

    /// The outcome a planner decided, with the reasons it recorded.
    init(_ outcome: DecisionOutcome, reasons: [DecisionReason]) {
        self.init(
            time: outcome.time, current: outcome.current, desired: outcome.desired, bounds: outcome.bounds,
            recommendation: outcome.recommendation, reasons: reasons, warmPool: outcome.warmPool)
    }

    /// `nil` when the count stays.
    public var direction: ScalingDirection? {
        if desired > current { return .scaleOut }
        if desired < current { return .scaleIn }
        return nil
    }

    public var changesCapacity: Bool { desired != current }

    /// One line for a person: `3 → 5: cpu is 90 against target 60: 5 units; …`.
    public var summary: String {
        let arrow = changesCapacity ? "\(current) → \(desired)" : "\(current) (no change)"
        let why = reasons.map(\.description).joined(separator: "; ")
        return why.isEmpty ? arrow : "\(arrow): \(why)"
    }
}
